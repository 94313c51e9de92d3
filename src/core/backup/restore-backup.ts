import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { isMeVaultError, MeVaultError, notFound } from '../../shared/errors.js'
import { loadSodium, sodium } from '../crypto/sodium.js'
import { PRIVATE_DIR_MODE } from '../store/file-modes.js'
import type { SecretKeyStore } from '../vault/secret-key-store.js'
import { unwrapVaultKey } from '../vault/unlock-key.js'
import { VAULT_FILE } from '../vault/vault-file.js'
import { writePrivateFile } from '../vault/write-private-file.js'
import { backupKey, openImage } from './backup-cipher.js'
import { readBackupParts } from './backup-format.js'
import { becomeRestoredCopy } from './restored-device.js'

export interface RestoreOptions {
  /** The backup's bytes, and how to name it in messages. */
  backup: { bytes: Uint8Array; name: string }
  vaultDir: string
  passphrase: string
  secretKey: Uint8Array
  /** Where this machine keeps the secret key (a key file for the CLI, the keychain for the app). */
  secretKeys: SecretKeyStore
  /** This machine's name in the device list; its host name by default. */
  deviceName?: string
  nativeBinding?: string
}

export interface Restored {
  vaultId: string
  madeAt: string
  /** The new device this copy is (see restored-device.ts). */
  device: { id: string; name: string }
}

const SQLITE_MAGIC = new TextEncoder().encode('SQLite format 3\0')

/** Reads a backup file for restoreBackup; NOT_FOUND when there is none. */
export function readBackupFile(path: string): { bytes: Uint8Array; name: string } {
  try {
    if (!statSync(path).isFile()) throw new MeVaultError('BAD_INPUT', `${path} is not a file`)
    return { bytes: readFileSync(path), name: path }
  } catch (error) {
    if (isMeVaultError(error)) throw error
    throw notFound(`No backup at ${path}`)
  }
}

/**
 * Restores a backup into an empty vault location. Everything is checked first: the target is
 * empty, the file whole (checksum), the passphrase and secret key open its header, and every
 * sealed piece authenticates. Only then is anything written: the vault file, this machine's
 * device identity in it, and the key file. A failure while writing removes what was written.
 */
export async function restoreBackup(options: RestoreOptions): Promise<Restored> {
  await loadSodium()
  const { vaultDir, backup } = options
  assertEmptyTarget(vaultDir)
  const parts = readBackupParts(backup.bytes, backup.name)
  const { vaultKey, unlockKey } = unwrapVaultKey(parts.header.vault, options.passphrase, options.secretKey)
  sodium().memzero(unlockKey)
  const vaultId = parts.header.vault.vaultId
  const key = backupKey(vaultKey, vaultId)
  let image: Uint8Array
  try {
    image = openImage(key, parts.sealedImage, parts.preamble, parts.header.imageBytes, backup.name)
  } finally {
    sodium().memzero(key)
  }
  if (!Buffer.from(image.subarray(0, SQLITE_MAGIC.length)).equals(Buffer.from(SQLITE_MAGIC))) {
    throw new MeVaultError('INTEGRITY', `${backup.name} does not hold a vault file (nothing was restored)`)
  }

  const madeFolder = !existsSync(vaultDir)
  const written: string[] = []
  try {
    mkdirSync(vaultDir, { recursive: true, mode: PRIVATE_DIR_MODE })
    const file = join(vaultDir, VAULT_FILE)
    written.push(file, `${file}-wal`, `${file}-shm`)
    writePrivateFile(file, image, { replace: false })
    const device = becomeRestoredCopy(file, vaultKey, parts.header.vault, options.deviceName ?? `${hostname()} (restored)`, options.nativeBinding)
    await keepSecretKey(options.secretKeys, vaultId, options.secretKey)
    return { vaultId, madeAt: parts.header.madeAt, device }
  } catch (error) {
    for (const path of written) rmSync(path, { force: true })
    if (madeFolder) rmSync(vaultDir, { recursive: true, force: true })
    throw error
  } finally {
    sodium().memzero(vaultKey)
  }
}

/** A restore never mixes with what is there: the folder must not exist, or be empty. */
export function assertEmptyTarget(dir: string): void {
  if (!existsSync(dir)) return
  if (!statSync(dir).isDirectory()) throw new MeVaultError('BAD_INPUT', `${dir} is not a folder: restore into an empty or new folder`)
  if (readdirSync(dir).length > 0) {
    throw new MeVaultError('BAD_INPUT', `${dir} is not empty: restore into an empty or new folder (nothing was restored)`)
  }
}

/**
 * The secret key is saved where this machine keeps it. A key already there for this vault is kept
 * if it is the same key; one that is not (another vault's file at MEVAULT_KEY_FILE) is never replaced.
 */
async function keepSecretKey(store: SecretKeyStore, vaultId: string, secretKey: Uint8Array): Promise<void> {
  try {
    await store.write(vaultId, secretKey)
  } catch (error) {
    if (!isMeVaultError(error, 'EXISTS')) throw error
    const held = await store.read(vaultId).catch(() => undefined)
    if (!held || !sodium().memcmp(held, secretKey)) {
      throw new MeVaultError('EXISTS', `${error.message}, and it is not this vault's key: move it away first (nothing was restored)`)
    }
  }
}
