import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { backupBytes } from '../../src/core/backup/write-backup.js'
import { restoreBackup } from '../../src/core/backup/restore-backup.js'
import { checksumOf, CHECKSUM_BYTES, encodePreamble, readBackupParts } from '../../src/core/backup/backup-format.js'
import { listDevices } from '../../src/core/devices/device-list.js'
import { keyFileStore } from '../../src/core/vault/secret-key-store.js'
import { Vault } from '../../src/core/vault/vault.js'
import type { ErrorCode } from '../../src/shared/errors.js'
import { tempDir } from '../helpers/temp-dir.js'
import { makeVault, PASSPHRASE } from '../helpers/vault-fixture.js'

/** Argon2id (64 MiB) for each restore that gets as far as the credentials: slow on a busy machine. */
const SLOW = 600_000

async function smallBackup() {
  const { dir, secretKey } = await makeVault({ 'contact.email': 'ada@example.org', 'identity.full_name': 'Ada Lovelace' })
  const vault = await Vault.unlock({ dir, passphrase: PASSPHRASE, secretKey })
  try {
    await listDevices(vault) // records this device in the vault's device list
    return { ...(await backupBytes(vault)), secretKey, deviceId: vault.device.id }
  } finally {
    await vault.close()
  }
}

function restoreInto(bytes: Uint8Array, secretKey: Uint8Array, passphrase = PASSPHRASE) {
  const root = tempDir('mevault-restore')
  const vaultDir = join(root, 'vault')
  const keys = join(root, 'keys')
  const restoring = restoreBackup({
    backup: { bytes, name: 'the backup' },
    vaultDir,
    passphrase,
    secretKey,
    secretKeys: keyFileStore((vaultId) => join(keys, `${vaultId}.json`)),
    deviceName: 'new laptop (restored)'
  })
  return { vaultDir, keys, restoring }
}

async function codeOf(promise: Promise<unknown>): Promise<ErrorCode | 'none'> {
  return promise.then(
    () => 'none' as const,
    (error: { code?: ErrorCode }) => error.code ?? ('none' as const)
  )
}

describe('a backup file', () => {
  it('is refused (INTEGRITY) with any single byte changed, at every offset, and nothing is written', async () => {
    const { bytes, secretKey } = await smallBackup()
    const root = tempDir('mevault-restore')
    const vaultDir = join(root, 'vault')
    const keys = keyFileStore((vaultId) => join(root, 'keys', `${vaultId}.json`))
    const wrong: number[] = []
    for (let offset = 0; offset < bytes.length; offset++) {
      bytes[offset]! ^= 0x01
      const code = await codeOf(restoreBackup({ backup: { bytes, name: 'the backup' }, vaultDir, passphrase: PASSPHRASE, secretKey, secretKeys: keys }))
      bytes[offset]! ^= 0x01
      if (code !== 'INTEGRITY') wrong.push(offset)
    }
    expect(wrong).toEqual([])
    expect(readdirSync(root)).toEqual([])
  }, SLOW)

  it('is refused when cut short anywhere, or with bytes added', async () => {
    const { bytes, secretKey } = await smallBackup()
    for (const length of [0, 7, 12, 200, Math.floor(bytes.length / 2), bytes.length - CHECKSUM_BYTES, bytes.length - 1]) {
      const { restoring, vaultDir } = restoreInto(bytes.subarray(0, length), secretKey)
      expect(await codeOf(restoring), `cut to ${length} bytes`).toBe('INTEGRITY')
      expect(existsSync(vaultDir)).toBe(false)
    }
    const { restoring } = restoreInto(Buffer.concat([bytes, Buffer.from([0])]), secretKey)
    expect(await codeOf(restoring)).toBe('INTEGRITY')
  }, SLOW)

  it('made up by someone who recomputed its checksum is still refused: the sealed image is authenticated with the vault’s keys', async () => {
    const { bytes, secretKey } = await smallBackup()
    const reseal = (body: Uint8Array): Uint8Array => Buffer.concat([body, checksumOf([body])])
    const body = bytes.subarray(0, bytes.length - CHECKSUM_BYTES)
    const madeAt = Buffer.from(body).indexOf('"madeAt":"') + 12 // a digit of the year: the header stays well-formed
    const forgeries: Array<[string, Uint8Array]> = [
      ['the header (when it was made)', (() => { const b = Buffer.from(body); b[madeAt] = b[madeAt] === 0x31 ? 0x32 : 0x31; return reseal(b) })()],
      ...[0.3, 0.6, 0.999].map((at): [string, Uint8Array] => {
        const b = Buffer.from(body)
        b[Math.floor(b.length * at)]! ^= 0x80
        return [`the sealed image at ${Math.round(at * 100)}%`, reseal(b)]
      }),
      ['the sealed image cut at its end', reseal(body.subarray(0, body.length - 40))],
      ['the header claiming a huge image', (() => {
        const { header, sealedImage } = readBackupParts(bytes, 'the backup')
        return reseal(Buffer.concat([encodePreamble({ ...header, imageBytes: 2 ** 52 }), sealedImage]))
      })()]
    ]
    for (const [what, forged] of forgeries) {
      const { restoring, vaultDir } = restoreInto(forged, secretKey)
      expect(await codeOf(restoring), what).toBe('INTEGRITY')
      expect(existsSync(vaultDir), what).toBe(false)
    }
  }, SLOW)

  it('of another vault, or with a wrong passphrase, is refused as wrong credentials', async () => {
    const { bytes, secretKey } = await smallBackup()
    const other = await makeVault({ 'contact.email': 'someone@example.org' })
    const withOtherKey = restoreInto(bytes, other.secretKey)
    expect(await codeOf(withOtherKey.restoring)).toBe('WRONG_CREDENTIALS')
    const wrongPassphrase = restoreInto(bytes, secretKey, 'not the passphrase')
    expect(await codeOf(wrongPassphrase.restoring)).toBe('WRONG_CREDENTIALS')
    expect(existsSync(withOtherKey.vaultDir) || existsSync(wrongPassphrase.vaultDir)).toBe(false)
  }, SLOW)

  it('holds nothing readable, and restores as a new device of the same vault', async () => {
    const { bytes, secretKey, deviceId } = await smallBackup()
    for (const text of ['ada@example.org', 'Lovelace', 'contact', 'full_name', 'test-device']) expect(Buffer.from(bytes).includes(text), text).toBe(false)

    const { restoring, vaultDir, keys } = restoreInto(bytes, secretKey)
    const restored = await restoring
    expect(readdirSync(keys)).toEqual([`${restored.vaultId}.json`])
    const vault = await Vault.unlock({ dir: vaultDir, passphrase: PASSPHRASE, secretKey })
    try {
      expect((await vault.list()).map((f) => [f.path, f.value, f.tier])).toEqual([
        ['contact.email', 'ada@example.org', 'private'],
        ['identity.full_name', 'Ada Lovelace', 'restricted']
      ])
      const devices = await listDevices(vault)
      expect(devices.map((d) => [d.id, d.name, d.thisDevice])).toEqual([
        [deviceId, 'test-device', false],
        [restored.device.id, 'new laptop (restored)', true]
      ])
    } finally {
      await vault.close()
    }
  }, SLOW)

  it('restores into a folder that is empty, never into one that holds anything', async () => {
    const { bytes, secretKey } = await smallBackup()
    const { restoring, vaultDir } = restoreInto(bytes, secretKey)
    await restoring
    const again = restoreBackup({
      backup: { bytes, name: 'the backup' },
      vaultDir,
      passphrase: PASSPHRASE,
      secretKey,
      secretKeys: keyFileStore((vaultId) => join(vaultDir, '..', `${vaultId}.json`))
    })
    expect(await codeOf(again)).toBe('BAD_INPUT')
    const lone = join(tempDir('mevault-restore'), 'lone.txt')
    writeFileSync(lone, 'mine')
    const ontoFile = restoreBackup({ backup: { bytes, name: 'the backup' }, vaultDir: lone, passphrase: PASSPHRASE, secretKey, secretKeys: keyFileStore(() => `${lone}.key`) })
    expect(await codeOf(ontoFile)).toBe('BAD_INPUT')
    expect(readFileSync(lone, 'utf8')).toBe('mine')
  }, SLOW)
})
