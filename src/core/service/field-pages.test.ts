import Database from 'better-sqlite3'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tempDir } from '../../../test/helpers/temp-dir.js'
import type { MeVaultApi } from '../../shared/api.js'
import type { FieldView, Tier } from '../../shared/types.js'
import { createVaultService } from './index.js'
import { windowOf } from './field-pages.js'

const PASSPHRASE = 'correct horse battery'

function tempService(root = tempDir('mevault-pages')): { api: MeVaultApi; vaultDir: string } {
  const vaultDir = join(root, 'vault')
  return { api: createVaultService({ vaultDir, keyFileFor: (id) => join(root, 'keys', `${id}.json`) }), vaultDir }
}

const tierOf = (n: number): Tier => (['private', 'restricted', 'public'] as const)[n % 3]!

/** 3 records of 70 fields (210 in all); every tenth value names a city with an accent. */
async function bigVault(root: string): Promise<MeVaultApi> {
  const { api } = tempService(root)
  await api['vault.create']({ passphrase: PASSPHRASE })
  for (let r = 0; r < 3; r++) {
    for (let f = 0; f < 70; f++) {
      const n = r * 70 + f
      const value = n % 10 === 0 ? `lives in Besançon, entry ${n}` : `entry ${n}`
      await api['fields.set']({ path: `rec${r}.f${String(f).padStart(2, '0')}`, value, tier: tierOf(n) })
    }
  }
  return api
}

const paths = (fields: FieldView[]): string[] => fields.map((f) => f.path)

describe('fields.page: the window a list shows, answered by the engine', () => {
  // Built once (210 durable sets) in a folder of its own (tempDir's are removed after each test); only read.
  const root = mkdtempSync(join(tmpdir(), 'mevault-pages-'))
  let api: MeVaultApi
  beforeAll(async () => {
    api = await bigVault(root)
  }, 300_000) // 210 durable sets, on a busy machine
  afterAll(async () => {
    await api?.['vault.lock']()
    rmSync(root, { recursive: true, force: true })
  })

  it('returns only the rows asked for, in list order, with the count of all and the tier picture of the vault', async () => {
    const all = await api['fields.list']()
    expect(all).toHaveLength(210)

    const first = await api['fields.page']({ offset: 0, limit: 50 })
    expect(paths(first.fields)).toEqual(paths(all.slice(0, 50)))
    expect(first).toMatchObject({ offset: 0, total: 210, tiers: { private: 70, restricted: 70, public: 70 }, damaged: [], pending: 0 })

    // Far down the list, and past its end: the rows there, then none; the counts stay the vault's.
    const far = await api['fields.page']({ offset: 180, limit: 50 })
    expect(paths(far.fields)).toEqual(paths(all.slice(180)))
    expect(far.total).toBe(210)
    const past = await api['fields.page']({ offset: 500, limit: 50 })
    expect(past.fields).toEqual([])
    expect(past.total).toBe(210)
  })

  it('searches names and values as fields.search does (case and accents ignored), then narrows to a tier', async () => {
    const found = await api['fields.search']({ text: 'BESANCON' })
    expect(found).toHaveLength(21)

    const matches = await api['fields.page']({ query: 'BESANCON', offset: 0, limit: 10 })
    expect(matches.total).toBe(21)
    expect(paths(matches.fields)).toEqual(paths(found.slice(0, 10)))
    // The tier picture is the whole vault's, not the search's.
    expect(matches.tiers).toEqual({ private: 70, restricted: 70, public: 70 })

    const publicOnly = await api['fields.page']({ query: 'besançon', tier: 'public', offset: 0, limit: 100 })
    expect(paths(publicOnly.fields)).toEqual(paths(found.filter((f) => f.tier === 'public')))
    expect(publicOnly.total).toBe(publicOnly.fields.length)

    const byName = await api['fields.page']({ query: 'rec2.f6', offset: 0, limit: 100 })
    expect(paths(byName.fields)).toEqual(['rec2.f60', 'rec2.f61', 'rec2.f62', 'rec2.f63', 'rec2.f64', 'rec2.f65', 'rec2.f66', 'rec2.f67', 'rec2.f68', 'rec2.f69'])

    // Blank search is no search; a search that matches nothing is an empty window, not an error.
    expect((await api['fields.page']({ query: '   ', offset: 0, limit: 1 })).total).toBe(210)
    expect(await api['fields.page']({ query: 'zanzibar', offset: 0, limit: 10 })).toMatchObject({ fields: [], total: 0 })
  })

  it('grouped by record: a header row before each record, windows counted in rows', async () => {
    // 3 records of 70: rows 0 (rec0), 1–70, 71 (rec1), 72–141, 142 (rec2), 143–212.
    const top = await api['fields.page']({ offset: 0, limit: 100, byRecord: true })
    expect(top).toMatchObject({ offset: 0, rows: 213, total: 210 })
    expect(top.headers).toEqual([
      { at: 0, record: 'rec0', fields: 70 },
      { at: 71, record: 'rec1', fields: 70 }
    ])
    expect(top.fields).toHaveLength(98)
    expect(paths(top.fields.slice(69, 71))).toEqual(['rec0.f69', 'rec1.f00'])

    // A window that starts inside a record has no header for it; the next record's is at its row.
    const middle = await api['fields.page']({ offset: 140, limit: 5, byRecord: true })
    expect(middle.headers).toEqual([{ at: 142, record: 'rec2', fields: 70 }])
    expect(paths(middle.fields)).toEqual(['rec1.f68', 'rec1.f69', 'rec2.f00', 'rec2.f01'])

    // A search groups its matches: only the records they are in, counted by their matches.
    const found = await api['fields.page']({ query: 'besançon', tier: 'public', offset: 0, limit: 100, byRecord: true })
    const publicMatches = (await api['fields.search']({ text: 'besançon' })).filter((f) => f.tier === 'public')
    const records = [...new Set(publicMatches.map((f) => f.record))]
    expect(found.rows).toBe(publicMatches.length + records.length)
    expect(found.headers!.map((h) => [h.record, h.fields])).toEqual(records.map((r) => [r, publicMatches.filter((f) => f.record === r).length]))
    expect(paths(found.fields)).toEqual(paths(publicMatches))
  })
})

describe('fields.page on a changing vault', () => {
  it('reflects a change at once, and says so when the vault is locked', async () => {
    const { api } = tempService()
    await api['vault.create']({ passphrase: PASSPHRASE })
    await api['fields.set']({ path: 'a.one', value: '1' })
    await api['fields.set']({ path: 'b.two', value: '2', tier: 'public' })
    expect((await api['fields.page']({ tier: 'public', offset: 0, limit: 10 })).fields.map((f) => f.path)).toEqual(['b.two'])
    await api['fields.setTier']({ path: 'a.one', tier: 'public' })
    const page = await api['fields.page']({ tier: 'public', offset: 0, limit: 10 })
    expect(paths(page.fields)).toEqual(['a.one', 'b.two'])
    expect(page.tiers).toEqual({ private: 0, restricted: 0, public: 2 })
    await api['vault.lock']()
    await expect(api['fields.page']({ offset: 0, limit: 1 })).rejects.toMatchObject({ code: 'LOCKED' })
  })

  it('names a damaged record and counts only the readable fields', async () => {
    const { api, vaultDir } = tempService()
    await api['vault.create']({ passphrase: PASSPHRASE })
    await api['fields.set']({ path: 'a.one', value: 'zebra in a' })
    await api['fields.set']({ path: 'b.two', value: 'zebra in b' })
    await api['fields.set']({ path: 'b.two', value: 'zebra again in b' })
    await api['vault.lock']()
    const db = new Database(join(vaultDir, 'vault.db'))
    db.prepare('DELETE FROM chunks WHERE id = (SELECT max(id) FROM chunks)').run() // b's newest chunk
    db.close()
    await api['vault.unlock']({ passphrase: PASSPHRASE })

    const page = await api['fields.page']({ query: 'zebra', offset: 0, limit: 10 })
    expect(paths(page.fields)).toEqual(['a.one'])
    expect(page.total).toBe(1)
    expect(page.damaged.map((d) => d.record)).toEqual(['b'])
    expect(page.damaged[0]!.message).toMatch(/\S/)
  })

  it('counts the records still arriving by sync', () => {
    const field = (path: string, tier: Tier): FieldView => ({
      path,
      record: path.split('.')[0]!,
      field: path.split('.')[1]!,
      type: 'text',
      tier,
      value: 'v',
      updatedAt: '2026-01-01T00:00:00.000Z',
      device: 'laptop'
    })
    const read = { fields: [field('a.x', 'public'), field('b.y', 'private')], damaged: [], pending: ['c', 'd'] }
    expect(windowOf(read, read, { offset: 0, limit: 10 })).toEqual({
      offset: 0,
      fields: read.fields,
      total: 2,
      tiers: { private: 1, restricted: 0, public: 1 },
      damaged: [],
      pending: 2
    })
  })
})
