import { integrity } from '../../shared/errors.js'
import { newSigningKeyPair } from '../crypto/identity.js'
import { sodium } from '../crypto/sodium.js'
import { openDatabase } from '../store/database.js'
import { type VaultHeader, readHeader } from '../vault/header.js'
import { loadVaultSecrets, saveVaultSecrets } from '../vault/vault-keys.js'
import { forgetBackupFolder } from './backup-settings.js'

/**
 * Makes a freshly restored vault file a new device of its vault. The backup holds the identity of
 * the device it was made on (its id and the key its paired devices pin). If the copy kept it, the
 * two could both be in use under one name and one key: paired devices could not tell them apart,
 * and revoking one would revoke both. So the copy gets its own id, key and name ("HOST (restored)"),
 * and lists itself beside the old device when the vault is first opened. Everything the person
 * owns stays the same: the vault key, their identity (did:key), fields, history, ledger, policy and
 * the device list. If the old device is lost, revoke it from here; to sync with devices that still
 * run, pair this copy with them as a new device would be.
 * The old device's automatic-backup folder is a path on that machine: it is not carried over.
 */
export function becomeRestoredCopy(
  file: string,
  vaultKey: Uint8Array,
  expected: VaultHeader,
  deviceName: string,
  nativeBinding?: string
): { id: string; name: string } {
  const db = openDatabase(file, { create: false, nativeBinding })
  try {
    const header = readHeader(db)
    if (header.vaultId !== expected.vaultId || header.wrappedKey !== expected.wrappedKey || header.mac !== expected.mac) {
      throw integrity('The backup’s vault file does not match its header (nothing was restored)')
    }
    const secrets = loadVaultSecrets(db, vaultKey)
    const s = sodium()
    const device = { id: s.to_hex(s.randombytes_buf(8)), name: deviceName, keys: newSigningKeyPair() }
    db.transaction(() => {
      saveVaultSecrets(db, { ...secrets, device })
      forgetBackupFolder(db)
    })()
    db.pragma('wal_checkpoint(TRUNCATE)')
    return { id: device.id, name: device.name }
  } finally {
    db.close()
  }
}
