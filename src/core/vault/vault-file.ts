import { existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { MeVaultError, notFound } from '../../shared/errors.js'
import { newKdfParams } from '../crypto/kdf.js'
import { sodium } from '../crypto/sodium.js'
import { openDatabase, type Db } from '../store/database.js'
import { VaultLock } from '../store/vault-lock.js'
import { readHeader, writeHeader, type VaultHeader } from './header.js'
import { deriveUnlockKey, headerMac, secretKeyCheck, wrapVaultKey } from './unlock-key.js'

export const VAULT_FILE = 'vault.db'

/** The vault's folder, locked for this process, with its SQLite file open. */
export interface OpenVaultFile {
  dir: string
  db: Db
  lock: VaultLock
  header: VaultHeader
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
  mkdirSync(dir, { recursive: true, mode: 0o700 })
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
    return { dir, db, lock, header, unlockKey }
  } catch (error) {
    lock.release()
    throw error
  }
}

export function sealHeader(header: Omit<VaultHeader, 'mac'>, secretKey: Uint8Array): VaultHeader {
  return { ...header, mac: headerMac(header, secretKey) }
}

export function openVaultFile(dir: string, lockWaitMs: number, nativeBinding?: string): OpenVaultFile {
  if (!vaultExists(dir)) throw notFound(`No vault in ${dir} (create one with \`mevault init\`)`)
  const lock = VaultLock.acquire(dir, lockWaitMs, nativeBinding)
  try {
    const db = openDatabase(join(dir, VAULT_FILE), { create: false, nativeBinding })
    return { dir, db, lock, header: readHeader(db) }
  } catch (error) {
    lock.release()
    throw error
  }
}

export function closeVaultFile(file: OpenVaultFile): void {
  if (file.db.open) {
    // Fold the WAL back into the main file so a closed vault is one self-contained file.
    file.db.pragma('wal_checkpoint(TRUNCATE)')
    file.db.close()
  }
  file.lock.release()
}
