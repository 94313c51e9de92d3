import { appendFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { MOUNTS_ALLOWED, NO_MOUNTS, withTmpfs } from '../helpers/mounts.js'
import { applyImport } from '../../src/core/import/index.js'
import { claimsByPath } from '../../src/core/claims/claim-tags.js'
import { parseSecretKey } from '../../src/core/crypto/secret-key.js'
import { Vault } from '../../src/core/vault/vault.js'
import { asStorageFault, isMeVaultError } from '../../src/shared/errors.js'

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

/** A one-row CSV of the person (claims tagged) and a wide second part, too big for what the disk has left. */
function bigCsv(): Uint8Array {
  const columns = ['given_name', 'email', ...Array.from({ length: 40 }, (_, i) => `notes.n${i}`)]
  const values = ['Ada', 'ada@example.org', ...columns.slice(2).map((_, i) => `${i}`.padEnd(2_000, 'x'))]
  return new TextEncoder().encode(`${columns.join(',')}\n${values.join(',')}\n`)
}

describe.skipIf(!MOUNTS_ALLOWED)(`an import that fails while writing (a full disk)${MOUNTS_ALLOWED ? '' : `: ${NO_MOUNTS}`}`, () => {
  it('leaves the vault as it was: no field, no claim tag; the same import goes through once space is freed', async () => {
    await withTmpfs('2m', async (disk) => {
      const dir = join(disk, 'vault')
      const { vault, recoveryKit } = await Vault.create({ dir, passphrase: 'correct horse battery staple' })
      await vault.set('contact.phone', '+44 20 7946 0018')
      const file = { fileName: 'me.csv', bytes: bigCsv() }

      const reserve = join(disk, 'reserve')
      writeFileSync(reserve, Buffer.alloc(48 * 1024))
      fillUp(join(disk, 'filler'))
      rmSync(reserve)
      const refused = await applyImport(vault, file).catch((error: unknown) => error)
      expect(isMeVaultError(asStorageFault(refused), 'DISK_FULL')).toBe(true)
      expect((await vault.list()).map((f) => f.path)).toEqual(['contact.phone'])
      expect(await claimsByPath(vault)).toEqual(new Map())

      rmSync(join(disk, 'filler'))
      expect(await applyImport(vault, file)).toMatchObject({ written: 42, claimsTagged: 2 })
      await vault.close()
      const again = await Vault.unlock({ dir, passphrase: 'correct horse battery staple', secretKey: async () => parseSecretKey(recoveryKit.secretKey) })
      expect((await again.list()).length).toBe(43)
      expect(await claimsByPath(again)).toEqual(new Map([['contact.email', 'email'], ['identity.given_name', 'given_name']]))
      await again.close()
    })
  }, 300_000)
})
