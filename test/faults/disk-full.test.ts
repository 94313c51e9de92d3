import { randomBytes } from 'node:crypto'
import { appendFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { cliSandbox } from '../helpers/cli.js'
import { MOUNTS_ALLOWED, NO_MOUNTS, withTmpfs } from '../helpers/mounts.js'
import { initWithFields, listed } from './vault-in-sandbox.js'
import { Vault } from '../../src/core/vault/vault.js'
import { asStorageFault, isMeVaultError } from '../../src/shared/errors.js'
import { parseSecretKey } from '../../src/core/crypto/secret-key.js'

const FIELDS = { 'contact.email': 'ada@example.org', 'identity.name': 'Ada Lovelace', 'home.city': 'London' }
const DISK_FULL_EXIT = 8
const DISK_FULL = /^mevault: The disk is full: this change was not saved \(what was saved before is intact\); free some space and try again\n$/

/** Appends to `path` until the disk refuses, in smaller and smaller pieces, so no usable page is left. */
function fillUp(path: string): void {
  for (const size of [1 << 16, 1 << 12, 1 << 9]) {
    try {
      for (;;) appendFileSync(path, Buffer.alloc(size))
    } catch (error) {
      if ((error as { code?: string }).code !== 'ENOSPC') throw error
    }
  }
}

describe.skipIf(!MOUNTS_ALLOWED)(`a vault on a disk that fills up (a small tmpfs)${MOUNTS_ALLOWED ? '' : `: ${NO_MOUNTS}`}`, () => {
  it('refuses a set with exit 8 and one line, whether it fails at commit or at opening; every earlier value stays, and it takes the change once space is freed', async () => {
    await withTmpfs('2m', async (disk) => {
      const cli = cliSandbox()
      const env = { MEVAULT_HOME: join(disk, 'vault') }
      await initWithFields(cli, env.MEVAULT_HOME, FIELDS)

      // 48 KiB left: room to open the vault (its -shm takes 32 KiB), none for a 60 KB value.
      const reserve = join(disk, 'reserve')
      writeFileSync(reserve, Buffer.alloc(48 * 1024))
      fillUp(join(disk, 'filler'))
      rmSync(reserve)
      const big = randomBytes(45_000).toString('base64') // 60 000 characters that do not compress
      const atCommit = cli.run(['set', 'notes.big'], env, big)
      expect([atCommit.code, atCommit.stdout]).toEqual([DISK_FULL_EXIT, ''])
      expect(atCommit.stderr).toMatch(DISK_FULL)

      // Not a page left: the vault cannot even be opened for writing. It can still be read.
      fillUp(join(disk, 'filler'))
      const atOpen = cli.run(['set', 'contact.email'], env, 'new@example.org')
      expect([atOpen.code, atOpen.stdout]).toEqual([DISK_FULL_EXIT, ''])
      expect(atOpen.stderr).toMatch(DISK_FULL)
      const listedWhileFull = cli.run(['list', '--json'], env)
      expect([listedWhileFull.code, listedWhileFull.stderr]).toEqual([0, ''])
      expect(listed(listedWhileFull.stdout)).toEqual(FIELDS)
      // An export onto the full disk: refused in one line, and no half-written plaintext left behind.
      const exportFile = join(disk, 'export.json')
      const exported = cli.run(['export', '--out', exportFile], env)
      expect([exported.code, exported.stdout]).toEqual([DISK_FULL_EXIT, ''])
      expect(exported.stderr).toBe(`mevault: The disk is full: ${exportFile} could not be written; free some space and try again\n`)
      expect(readdirSync(disk).filter((name) => name.includes('export'))).toEqual([])

      // Space freed: everything saved before is there, unchanged, and the vault takes changes again
      // (the refused new record too: its failed save left nothing behind that claims it was saved).
      rmSync(join(disk, 'filler'))
      expect(listed(cli.run(['list', '--json'], env).stdout)).toEqual(FIELDS)
      const afterFreed = cli.run(['set', 'contact.email'], env, 'new@example.org')
      expect([afterFreed.code, afterFreed.stderr]).toEqual([0, ''])
      const again = cli.run(['set', 'notes.big'], env, big)
      expect([again.code, again.stderr]).toEqual([0, ''])
      expect(listed(cli.run(['list', '--json'], env).stdout)).toEqual({ ...FIELDS, 'contact.email': 'new@example.org', 'notes.big': big })
    })
  }, 600_000) // six real `mevault` processes, each through Argon2id: slow on a busy machine

  it('in a long-running process (the app, `serve`): a refused save shows nothing unsaved, and the same change is taken once space is freed', async () => {
    await withTmpfs('2m', async (disk) => {
      const { vault, recoveryKit } = await Vault.create({ dir: join(disk, 'vault'), passphrase: 'correct horse battery staple' })
      for (const [path, value] of Object.entries(FIELDS)) await vault.set(path, value)
      const reserve = join(disk, 'reserve')
      writeFileSync(reserve, Buffer.alloc(48 * 1024))
      fillUp(join(disk, 'filler'))
      rmSync(reserve)
      const big = randomBytes(45_000).toString('base64')
      const refusedNew = await vault.set('notes.big', big).catch((error: unknown) => error)
      expect(isMeVaultError(asStorageFault(refusedNew), 'DISK_FULL')).toBe(true)
      const refusedEdit = await vault.set('contact.email', big).catch((error: unknown) => error)
      expect(isMeVaultError(asStorageFault(refusedEdit), 'DISK_FULL')).toBe(true)
      // (The typed API and the CLI turn SQLite's error into this one.) What the person sees is what
      // is saved: neither refused change.
      const shown = Object.fromEntries((await vault.list()).map((f) => [f.path, f.value]))
      expect(shown).toEqual(FIELDS)

      rmSync(join(disk, 'filler'))
      await vault.set('notes.big', big)
      await vault.set('contact.email', 'new@example.org')
      await vault.close()
      const again = await Vault.unlock({
        dir: join(disk, 'vault'),
        passphrase: 'correct horse battery staple',
        secretKey: async () => parseSecretKey(recoveryKit.secretKey)
      })
      const { fields, damaged } = await again.listWithDamage()
      expect(damaged).toEqual([])
      expect(Object.fromEntries(fields.map((f) => [f.path, f.value]))).toEqual({ ...FIELDS, 'contact.email': 'new@example.org', 'notes.big': big })
      await again.close()
    })
  }, 300_000)
})
