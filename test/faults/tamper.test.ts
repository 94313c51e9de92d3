import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { Vault } from '../../src/core/vault/vault.js'
import { isMeVaultError } from '../../src/shared/errors.js'
import { tempDir } from '../helpers/temp-dir.js'
import { makeVault, PASSPHRASE } from '../helpers/vault-fixture.js'

type Outcome = 'identical' | 'INTEGRITY' | 'WRONG_CREDENTIALS' | 'wrong data'

const FIELDS: Record<string, string> = {}
for (let r = 0; r < 6; r++) for (let f = 0; f < 8; f++) FIELDS[`record${r}.field${f}`] = `value ${r}-${f} ${'x'.repeat(f * 20)}`

async function readAll(dir: string, secretKey: Uint8Array): Promise<string> {
  const vault = await Vault.unlock({ dir, passphrase: PASSPHRASE, secretKey, lockWaitMs: 0 })
  try {
    const { fields, damaged } = await vault.listWithDamage()
    if (damaged.length > 0) throw damaged[0]!.message
    return JSON.stringify(fields.map((f) => [f.path, f.value, f.tier, f.type]))
  } finally {
    await vault.close()
  }
}

describe('a vault file with flipped bytes', () => {
  it('reads identical data or reports an integrity error, never different data', async () => {
    const { dir, secretKey } = await makeVault(FIELDS)
    const expected = await readAll(dir, secretKey)
    const original = readFileSync(join(dir, 'vault.db'))
    const header = original.indexOf('"secretKeyCheck"')
    const outcomes: Record<Outcome, number> = { identical: 0, INTEGRITY: 0, WRONG_CREDENTIALS: 0, 'wrong data': 0 }
    const wrong: string[] = []
    const positions = 240
    for (let i = 0; i < positions; i++) {
      // Spread over the whole file, offset so every page region gets hit across runs.
      const at = Math.floor(((i + 0.37) / positions) * original.length)
      const copy = join(tempDir('mevault-tamper'), 'vault')
      mkdirSync(copy)
      const damaged = Buffer.from(original)
      damaged[at] = damaged[at]! ^ (1 << i % 8)
      writeFileSync(join(copy, 'vault.db'), damaged)
      let outcome: Outcome
      let detail = ''
      try {
        outcome = (await readAll(copy, secretKey)) === expected ? 'identical' : 'wrong data'
      } catch (error) {
        detail = typeof error === 'string' ? error : (error as Error).message
        if (typeof error === 'string' || isMeVaultError(error, 'INTEGRITY')) outcome = 'INTEGRITY'
        else if (isMeVaultError(error, 'WRONG_CREDENTIALS')) outcome = 'WRONG_CREDENTIALS'
        else throw new Error(`byte ${at}: unexpected ${String(error)}`, { cause: error })
      }
      // The only plaintext header bytes that can look like a wrong key are the key check itself.
      if (outcome === 'WRONG_CREDENTIALS' && !(at >= header && at < header + 80)) outcome = 'wrong data'
      if (outcome === 'wrong data') wrong.push(`byte ${at} of ${original.length} (header at ${header}): ${detail || 'different data'}`)
      outcomes[outcome] += 1
    }
    expect(wrong).toEqual([])
    expect(outcomes.INTEGRITY).toBeGreaterThan(0)
    expect(outcomes.identical + outcomes.INTEGRITY + outcomes.WRONG_CREDENTIALS).toBe(positions)
  }, 300_000) // 240 unlocks, each through Argon2id at 64 MiB

  it('refuses a chunk swapped with another', async () => {
    const { dir, secretKey } = await makeVault({ 'a.one': 'first value', 'b.two': 'second value' })
    const copy = join(tempDir('mevault-swap'), 'vault')
    mkdirSync(copy)
    copyFileSync(join(dir, 'vault.db'), join(copy, 'vault.db'))
    const Database = (await import('better-sqlite3')).default
    const db = new Database(join(copy, 'vault.db'))
    const rows = db.prepare('SELECT id, data FROM chunks ORDER BY id').all() as Array<{ id: number; data: Buffer }>
    const [first, second] = [rows[0]!, rows[1]!]
    db.prepare('UPDATE chunks SET data = ? WHERE id = ?').run(second.data, first.id)
    db.prepare('UPDATE chunks SET data = ? WHERE id = ?').run(first.data, second.id)
    db.close()
    await expect(readAll(copy, secretKey)).rejects.toSatisfy((e: unknown) => typeof e === 'string' || isMeVaultError(e, 'INTEGRITY'))
  })

  it('refuses a vault whose saved changes were deleted, instead of showing older data', async () => {
    const { dir, secretKey } = await makeVault({ 'a.one': 'first value' })
    const vault = await Vault.unlock({ dir, passphrase: PASSPHRASE, secretKey })
    await vault.set('a.one', 'second value')
    await vault.close()
    const Database = (await import('better-sqlite3')).default
    const db = new Database(join(dir, 'vault.db'))
    // Drop the newest chunk of the record, as a damaged index would.
    db.prepare('DELETE FROM chunks WHERE id = (SELECT max(id) FROM chunks)').run()
    db.close()
    await expect(readAll(dir, secretKey)).rejects.toSatisfy((e: unknown) => typeof e === 'string' || isMeVaultError(e, 'INTEGRITY'))
  })

  it('keeps the readable records in list and search when one record is damaged, and names it', async () => {
    const { dir, secretKey } = await makeVault({ 'a.one': 'zebra in a', 'b.two': 'zebra in b' })
    const writer = await Vault.unlock({ dir, passphrase: PASSPHRASE, secretKey })
    await writer.set('b.two', 'zebra again in b')
    await writer.close()
    const Database = (await import('better-sqlite3')).default
    const db = new Database(join(dir, 'vault.db'))
    db.prepare('DELETE FROM chunks WHERE id = (SELECT max(id) FROM chunks)').run() // b's newest chunk
    db.close()
    const vault = await Vault.unlock({ dir, passphrase: PASSPHRASE, secretKey })
    try {
      const listed = await vault.listWithDamage()
      const searched = await vault.searchWithDamage('ZEBRA')
      expect(listed.fields.map((f) => f.path)).toEqual(searched.fields.map((f) => f.path))
      expect(searched.fields.length).toBe(1)
      expect(searched.damaged.map((d) => d.record)).toEqual(listed.damaged.map((d) => d.record))
      expect(searched.damaged).toHaveLength(1)
      expect(await vault.search('zebra')).toEqual(searched.fields)
    } finally {
      await vault.close()
    }
  })
})
