import { existsSync, statSync } from 'node:fs'
import { MeVaultError } from '../../shared/errors.js'
import { sodium } from '../crypto/sodium.js'
import type { Vault } from '../vault/vault.js'
import { writePrivateFile } from '../vault/write-private-file.js'
import { backupKey, sealImage } from './backup-cipher.js'
import { BACKUP_FORMAT, checksumOf, encodePreamble } from './backup-format.js'

export interface BackupMade {
  path: string
  bytes: number
  madeAt: string
}

/** The whole vault as one backup file's bytes (see backup-format.ts); nothing in it is plaintext. */
export async function backupBytes(vault: Vault): Promise<{ bytes: Uint8Array; madeAt: string }> {
  const { image, header, vaultKey } = await vault.snapshot()
  const key = backupKey(vaultKey, header.vaultId)
  try {
    const madeAt = vault.now().toISOString()
    const preamble = encodePreamble({ format: BACKUP_FORMAT, madeAt, vault: header, imageBytes: image.length })
    const sealed = sealImage(key, image, preamble)
    const checksum = checksumOf([preamble, ...sealed])
    return { bytes: Buffer.concat([preamble, ...sealed, checksum]), madeAt }
  } finally {
    sodium().memzero(vaultKey)
    sodium().memzero(key)
  }
}

/**
 * Writes a backup of `vault` to `path`, owner-only (0600), put in place whole (a crash or a full
 * disk leaves no half file). An existing file is replaced only with `replace`.
 */
export async function writeBackup(vault: Vault, path: string, options: { replace?: boolean } = {}): Promise<BackupMade> {
  if (existsSync(path)) {
    if (!statSync(path).isFile()) throw new MeVaultError('BAD_INPUT', `${path} is not a file`)
    if (!options.replace) throw new MeVaultError('EXISTS', `${path} exists (use --force to replace it)`)
  }
  const { bytes, madeAt } = await backupBytes(vault)
  writePrivateFile(path, bytes, { replace: options.replace === true })
  return { path, bytes: bytes.length, madeAt }
}
