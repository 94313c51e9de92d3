import type { MethodInput } from '../../shared/api.js'
import { isAbsolute } from 'node:path'
import { MeVaultError } from '../../shared/errors.js'
import { readBackupFile, restoreBackup } from '../backup/restore-backup.js'
import { parseSecretKey } from '../crypto/secret-key.js'
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
  await restoreBackup({ backup, vaultDir: location.vaultDir, passphrase: input.passphrase, secretKey, secretKeys, nativeBinding: options.nativeBinding })
  return Vault.unlock({ dir: location.vaultDir, passphrase: input.passphrase, secretKey, nativeBinding: options.nativeBinding, lockWaitMs: options.lockWaitMs })
}
