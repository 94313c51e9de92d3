import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createVaultService } from '../../core/service/index.js'
import type { FieldPage, MeVaultApi, MethodInput } from '../../shared/api.js'
import type { FieldView } from '../../shared/types.js'
import { FieldListLoader, type FieldListState } from './field-list-loader.js'
import { blocksFor, indexOfPath, itemAt, listingKey, recordAt, rowAt, withPage, type FieldListing, type ListQuestion } from './field-listing.js'

const field = (path: string): FieldView => ({
  path,
  record: path.split('.')[0]!,
  field: path.split('.')[1]!,
  type: 'text',
  tier: 'private',
  value: 'v',
  updatedAt: '2026-01-01T00:00:00.000Z',
  device: 'laptop'
})
const page = (offset: number, paths: string[], total: number): FieldPage => ({
  offset,
  fields: paths.map(field),
  total,
  tiers: { private: total, restricted: 0, public: 0 },
  damaged: [],
  pending: 0
})
const question = (query: string, version = 0): ListQuestion => ({ query, tier: null, version })

describe('the field list a block at a time', () => {
  it('asks for the blocks around the rendered rows, never past the end of the list', () => {
    expect(blocksFor(0, 0)).toEqual([0]) // nothing rendered yet: the first rows
    expect(blocksFor(0, 22, 10_000)).toEqual([0])
    expect(blocksFor(5_000, 5_022, 10_000)).toEqual([49, 50])
    expect(blocksFor(9_980, 10_000, 10_000)).toEqual([99])
    expect(blocksFor(0, 22, 0)).toEqual([])
    expect(blocksFor(90, 120)).toEqual([0, 1])
  })

  it('keeps the blocks of one question together, and starts afresh for another or a list that changed length', () => {
    const first = withPage(null, question('ada'), page(0, ['a.x', 'a.y'], 150))
    const both = withPage(first, question('ada'), page(100, ['z.z'], 150))
    expect(rowAt(both, 1)?.path).toBe('a.y')
    expect(rowAt(both, 100)?.path).toBe('z.z')
    expect(rowAt(both, 50)).toBeUndefined()
    expect(indexOfPath(both, 'z.z')).toBe(100)
    expect(indexOfPath(both, 'q.q')).toBe(-1)
    // A reply that says the list is now longer: the rows fetched before belong to another list.
    const grown = withPage(both, question('ada'), page(100, ['y.y'], 151))
    expect([...grown.blocks.keys()]).toEqual([1])
    const other = withPage(both, question('adam'), page(0, ['m.m'], 1))
    expect(other.key).toBe(listingKey(question('adam')))
    expect([...other.blocks.keys()]).toEqual([0])
    // Space around a search is the same search, in the same place.
    expect(listingKey(question(' ada '))).toBe(listingKey(question('ada')))
    expect(withPage(null, question('ada', 1), page(0, [], 0)).scope).toBe(both.scope)
  })
})

describe('the list loader, against the real vault service', () => {
  // 300 fields: three blocks. Built once in a folder of its own, read by every test.
  const root = mkdtempSync(join(tmpdir(), 'mevault-loader-'))
  const service = createVaultService({ vaultDir: join(root, 'vault'), keyFileFor: (id) => join(root, 'keys', `${id}.json`) })
  beforeAll(async () => {
    await service['vault.create']({ passphrase: 'correct horse battery' })
    for (let n = 0; n < 300; n++) {
      await service['fields.set']({ path: `r${Math.floor(n / 50)}.f${String(n % 50).padStart(2, '0')}`, value: n % 25 === 0 ? `ada ${n}` : `bob ${n}` })
    }
  }, 300_000) // 300 durable sets, on a busy machine
  afterAll(async () => {
    await service['vault.lock']()
    rmSync(root, { recursive: true, force: true })
  })

  /** The service as the page reaches it, noting each call, and holding back the replies to a chosen query. */
  function page$(holdQuery?: string) {
    const calls: string[] = []
    const held: Array<() => void> = []
    const api = {
      ...service,
      'fields.list': async () => (calls.push('list'), service['fields.list']()),
      'fields.page': async (input: MethodInput<'fields.page'>) => {
        calls.push(`page ${input.query ?? ''} ${input.offset}+${input.limit}`)
        const reply = await service['fields.page'](input)
        if (holdQuery !== undefined && input.query === holdQuery) await new Promise<void>((release) => held.push(release))
        return reply
      }
    } satisfies MeVaultApi
    return { api, calls, held }
  }

  function watch(api: MeVaultApi) {
    const states: FieldListState[] = []
    let notify = (): void => {}
    const loader = new FieldListLoader(api, (state) => (states.push(state), notify()))
    /** Resolves once a reply brought a listing for which `test` holds. */
    const until = (test: (listing: FieldListing) => boolean): Promise<FieldListing> =>
      new Promise((resolve, reject) => {
        const check = (): void => {
          const last = states.at(-1)
          if (last?.error) reject(last.error as Error)
          else if (last?.listing && test(last.listing)) resolve(last.listing)
        }
        notify = check
        check()
      })
    return { loader, states, until }
  }

  it('fetches the first rows of the list, then only the rows a scroll reaches', async () => {
    const { api, calls } = page$()
    const { loader, until } = watch(api)
    loader.ask(question(''))
    const first = await until((l) => l.blocks.has(0))
    // 300 fields in 6 records: 306 rows, a header before each record's 50 fields.
    expect(first.total).toBe(300)
    expect(first.rows).toBe(306)
    expect(itemAt(first, 0)).toEqual({ kind: 'record', header: { at: 0, record: 'r0', fields: 50 } })
    expect(rowAt(first, 1)?.path).toBe('r0.f00')
    expect(recordAt(first, 52)).toBe('r1')
    expect(rowAt(first, 51)).toBeUndefined() // r1's header
    expect(calls).toEqual(['page  0+100'])

    loader.show(280, 303) // scrolled to the end
    const end = await until((l) => l.blocks.has(2) && l.blocks.has(3))
    expect(rowAt(end, 305)?.path).toBe('r5.f49')
    expect(rowAt(end, 150)).toBeUndefined() // the middle was never on screen
    expect(calls).toEqual(['page  0+100', 'page  200+100', 'page  300+100'])
  })

  it('answers only the latest keystroke, even when an earlier reply comes back last', async () => {
    const { api, calls, held } = page$('ad')
    const { loader, states, until } = watch(api)
    loader.ask(question('ad'))
    loader.ask(question('ada'))
    const latest = await until((l) => l.key === listingKey(question('ada')))
    expect(latest.total).toBe(12)
    expect(rowAt(latest, 1)?.value).toBe('ada 0')
    while (held.length === 0) await new Promise((resolve) => setImmediate(resolve))
    held.forEach((release) => release()) // the reply to "ad" arrives now: too late
    await new Promise((resolve) => setImmediate(resolve))
    expect(states.map((s) => s.listing?.key)).toEqual([listingKey(question('ada'))])
    expect(calls).toEqual(['page ad 0+100', 'page ada 0+100'])
    expect(calls).not.toContain('list')
  })

  it('after a change made here asks again for the rows on screen; a new search starts from the top', async () => {
    const { api, calls } = page$()
    const { loader, until } = watch(api)
    loader.ask(question(''))
    await until((l) => l.blocks.has(0))
    loader.show(150, 172)
    await until((l) => l.blocks.has(1))
    calls.length = 0
    loader.ask(question('', 1))
    await until((l) => l.key === listingKey(question('', 1)) && l.blocks.has(1) && l.blocks.has(2))
    expect(calls.sort()).toEqual(['page  100+100', 'page  200+100'])
    calls.length = 0
    loader.ask(question('bob', 1))
    await until((l) => l.key === listingKey(question('bob', 1)))
    expect(calls).toEqual(['page bob 0+100'])
  })
})
