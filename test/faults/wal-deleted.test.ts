import { cpSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { Vault } from '../../src/core/vault/vault.js'
import { tempDir } from '../helpers/temp-dir.js'
import { makeVault, PASSPHRASE } from '../helpers/vault-fixture.js'
import { writeUntilKilled } from './crash-run.js'

async function fieldsOf(dir: string, secretKey: Uint8Array): Promise<Record<string, string>> {
  const vault = await Vault.unlock({ dir, passphrase: PASSPHRASE, secretKey })
  try {
    const { fields, damaged } = await vault.listWithDamage()
    expect(damaged).toEqual([])
    return Object.fromEntries(fields.map((f) => [f.path, f.value]))
  } finally {
    await vault.close()
  }
}

/**
 * A sync or cleaning tool may delete vault.db-wal (and -shm) from a folder after a crash. Every
 * acknowledged commit is checkpointed into vault.db before it returns, so that takes nothing
 * acknowledged with it.
 */
describe('vault.db-wal deleted after a crash', () => {
  it.each([[['vault.db-wal']], [['vault.db-wal', 'vault.db-shm']]])(
    'keeps the 3 acknowledged edits of a writer killed with SIGKILL when %j are deleted',
    async (deleted: string[]) => {
      const { dir, secretKey } = await makeVault({ 'a.one': 'first value' })
      const done = await writeUntilKilled({ dir, secretKey, start: 0, count: 3 }, (out) => out.includes('held\n'))
      expect(done).toEqual([0, 1, 2])
      expect(statSync(join(dir, 'vault.db-wal')).size).toBeGreaterThan(0) // the crash left one, with frames
      for (const name of deleted) rmSync(join(dir, name))
      expect(await fieldsOf(dir, secretKey)).toEqual({
        'a.one': 'first value',
        'crash0.n0': 'value 0',
        'crash1.n1': 'value 1',
        'crash2.n2': 'value 2'
      })
    },
    300_000 // a writer process and two unlocks through Argon2id: slow on a busy machine
  )

  it('a copy of a closed vault folder, and a backup restored over a newer vault, open with their own values', async () => {
    const { dir, secretKey } = await makeVault({ 'a.one': 'first value' })
    const backup = join(tempDir('mevault-backup'), 'vault')
    cpSync(dir, backup, { recursive: true })
    const vault = await Vault.unlock({ dir, passphrase: PASSPHRASE, secretKey })
    await vault.set('a.one', 'second value')
    await vault.close()
    const copy = join(tempDir('mevault-copy'), 'vault')
    cpSync(dir, copy, { recursive: true })
    expect(await fieldsOf(copy, secretKey)).toEqual({ 'a.one': 'second value' })
    rmSync(dir, { recursive: true })
    cpSync(backup, dir, { recursive: true })
    expect(await fieldsOf(dir, secretKey)).toEqual({ 'a.one': 'first value' })
  }, 300_000)
})
