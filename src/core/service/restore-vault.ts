import type { MethodInput } from '../../shared/api.js'
import { isAbsolute } from 'node:path'
import { MeVaultError } from '../../shared/errors.js'
import { readBackupFile, restoreBackup } from '../backup/restore-backup.js'
import { derivePassphraseKey, useDerivedAhead } from '../crypto/kdf.js'
import { parseSecretKey } from '../crypto/secret-key.js'
import { loadSodium } from '../crypto/sodium.js'
import { readBackupParts } from '../backup/backup-format.js'
import type { VaultLocation } from '../vault/locations.js'
import type { SecretKeyStore } from '../vault/secret-key-store.js'
import { Vault } from '../vault/vault.js'

/**
 * `vault.restore`: a backup restored into the service's vault location (empty, else refused before
 * anything is written; see restore-backup.ts), its key kept in this device's store, then unlocked.
 */
export async function restoreAndUnlock(
  location: VaultLocation,
  secretKeys: SecretKeyStore,
  input: MethodInput<'vault.restore'>,
  options: { nativeBinding?: string; lockWaitMs?: number }
): Promise<Vault> {
  const secretKey = parseSecretKey(input.secretKey)
  let backup: { bytes: Uint8Array; name: string }
  if ('path' in input.backup) {
    if (!isAbsolute(input.backup.path)) throw new MeVaultError('BAD_INPUT', `The backup file must be a full path (got ${input.backup.path})`)
    backup = readBackupFile(input.backup.path)
  } else {
    backup = { bytes: Buffer.from(input.backup.data, 'base64'), name: input.backup.name || 'The backup' }
  }
  // One Argon2id for both the restore and the unlock after it (each would derive the same key).
  await loadSodium()
  const { kdf } = readBackupParts(backup.bytes, backup.name).header.vault
  const passphraseKey = derivePassphraseKey(input.passphrase, kdf)
  useDerivedAhead(input.passphrase, kdf, passphraseKey.slice())
  await restoreBackup({ backup, vaultDir: location.vaultDir, passphrase: input.passphrase, secretKey, secretKeys, nativeBinding: options.nativeBinding })
  useDerivedAhead(input.passphrase, kdf, passphraseKey)
  return Vault.unlock({ dir: location.vaultDir, passphrase: input.passphrase, secretKey, nativeBinding: options.nativeBinding, lockWaitMs: options.lockWaitMs })
}
