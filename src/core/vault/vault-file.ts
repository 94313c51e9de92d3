import { accessSync, chmodSync, constants, existsSync, mkdirSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { asStorageFault, diskFull, isMeVaultError, MeVaultError, notFound, readOnly } from '../../shared/errors.js'
import { newKdfParams } from '../crypto/kdf.js'
import { sodium } from '../crypto/sodium.js'
import { openDatabase, type Db } from '../store/database.js'
import { makePrivate, PRIVATE_DIR_MODE } from '../store/file-modes.js'
import { LOCK_FILE, VaultLock } from '../store/vault-lock.js'
import { DOOR_SOCKET_NAME } from '../front-door/door-address.js'
import { readHeader, writeHeader, type VaultHeader } from './header.js'
import { deriveUnlockKey, headerMac, secretKeyCheck, wrapVaultKey } from './unlock-key.js'

export const VAULT_FILE = 'vault.db'

/** What MeVault keeps in a vault folder; a folder holding only these is the vault's own. */
const VAULT_FOLDER_FILES = new Set([VAULT_FILE, `${VAULT_FILE}-wal`, `${VAULT_FILE}-shm`, LOCK_FILE, `${LOCK_FILE}-journal`, DOOR_SOCKET_NAME])

/** The vault's folder, locked for this process, with its SQLite file open. */
export interface OpenVaultFile {
  dir: string
  db: Db
  lock: VaultLock
  header: VaultHeader
  /**
   * Why the vault is open for reading only, if it is: its folder or disk cannot be written here,
   * or the disk is full. Reading works; every change is refused (see assertWritable).
   */
  readOnly: false | 'not-writable' | 'disk-full'
}

export interface KdfCost {
  opslimit: number
  memlimit: number
}

export const vaultExists = (dir: string): boolean => existsSync(join(dir, VAULT_FILE))

/** Writes a new vault's header; the vault key is wrapped by passphrase + secret key. */
export function createVaultFile(
  dir: string,
  init: {
    passphrase: string
    secretKey: Uint8Array
    vaultKey: Uint8Array
    createdAt: string
    kdf?: KdfCost
    lockWaitMs: number
    nativeBinding?: string
  }
): OpenVaultFile & { unlockKey: Uint8Array } {
  if (vaultExists(dir)) throw new MeVaultError('EXISTS', `A vault already exists in ${dir}`)
  // The mode given to mkdir is masked by the umask; a folder made here is set to exactly 0700.
  if (mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE }) !== undefined) chmodSync(dir, PRIVATE_DIR_MODE)
  else secureVaultFolder(dir)
  const lock = VaultLock.acquire(dir, init.lockWaitMs, init.nativeBinding)
  try {
    const db = openDatabase(join(dir, VAULT_FILE), { create: true, nativeBinding: init.nativeBinding })
    const vaultId = sodium().to_hex(sodium().randombytes_buf(16))
    const kdf = newKdfParams(init.kdf)
    const unlockKey = deriveUnlockKey(init.passphrase, init.secretKey, { kdf })
    const header = sealHeader(
      {
        format: 'mevault.vault/1',
        vaultId,
        createdAt: init.createdAt,
        kdf,
        wrappedKey: wrapVaultKey(init.vaultKey, unlockKey, { vaultId, kdf }),
        secretKeyCheck: secretKeyCheck(init.secretKey, vaultId)
      },
      init.secretKey
    )
    writeHeader(db, header)
    return { dir, db, lock, header, unlockKey, readOnly: false }
  } catch (error) {
    lock.release()
    throw error
  }
}

export function sealHeader(header: Omit<VaultHeader, 'mac'>, secretKey: Uint8Array): VaultHeader {
  return { ...header, mac: headerMac(header, secretKey) }
}

/**
 * Opens the vault for this process. A vault that cannot be written here (a read-only folder, disk
 * or mount, or files this user may not write) opens read-only instead of failing: reading works,
 * and each change is refused with READ_ONLY (see assertWritable).
 */
export function openVaultFile(dir: string, lockWaitMs: number, nativeBinding?: string): OpenVaultFile {
  if (!vaultExists(dir)) throw notFound(`No vault in ${dir} (create one with \`mevault init\`)`)
  const path = join(dir, VAULT_FILE)
  const writable = canWrite(dir) && canWrite(path)
  if (writable) secureVaultFolder(dir)
  const lock = writable ? VaultLock.acquire(dir, lockWaitMs, nativeBinding) : VaultLock.acquireShared(dir, lockWaitMs, nativeBinding)
  try {
    if (!writable) return withHeader({ dir, lock, readOnly: 'not-writable', db: openDatabase(path, { create: false, readOnly: true, nativeBinding }) })
    try {
      return withHeader({ dir, lock, readOnly: false, db: openDatabase(path, { create: false, nativeBinding }) })
    } catch (error) {
      if (!isMeVaultError(asStorageFault(error), 'DISK_FULL')) throw error
      // No room left even for vault.db-shm. Reading needs none: the vault opens for reading, and
      // each change is refused as DISK_FULL, up front, instead of every command failing.
      return withHeader({ dir, lock, readOnly: 'disk-full', db: openDatabase(path, { create: false, readOnly: true, nativeBinding }) })
    }
  } catch (error) {
    lock.release()
    throw error
  }
}

function withHeader(file: Omit<OpenVaultFile, 'header'>): OpenVaultFile {
  try {
    return { ...file, header: readHeader(file.db) }
  } catch (error) {
    file.db.close()
    throw error
  }
}

/** Refuses a change to a vault opened for reading only, before anything is changed (even in memory). */
export function assertWritable(file: OpenVaultFile): void {
  if (file.readOnly === 'disk-full') throw diskFull()
  if (file.readOnly) throw readOnly(file.dir)
}

/**
 * Makes the vault folder the owner's only (0700) when it is ours: owned by this user and holding
 * nothing but the vault's files (a folder shared with other things is left as it is; the vault's
 * files are 0600 anyway). Returns a line saying what changed, for the CLI to show, or undefined.
 */
export function secureVaultFolder(dir: string): string | undefined {
  let names: string[]
  try {
    names = readdirSync(dir)
  } catch {
    return undefined
  }
  if (!names.every((name) => VAULT_FOLDER_FILES.has(name))) return undefined
  const was = makePrivate(dir, PRIVATE_DIR_MODE)
  return was === undefined ? undefined : `The vault folder ${dir} was open to other users (mode ${was.toString(8)}): it is now yours only (700)`
}

/** access(2) tells a read-only mount (EROFS) even to root, who bypasses permission bits. */
function canWrite(path: string): boolean {
  try {
    accessSync(path, constants.W_OK)
    return true
  } catch {
    return false
  }
}

export function closeVaultFile(file: OpenVaultFile): void {
  try {
    // Fold the WAL back into the main file so a closed vault is one self-contained file.
    if (file.db.open && !file.readOnly) file.db.pragma('wal_checkpoint(TRUNCATE)')
  } finally {
    if (file.db.open) file.db.close()
    file.lock.release()
  }
}
