import type { MeVaultApi } from '../../shared/api.js'
import { MeVaultError } from '../../shared/errors.js'
import { recoveryKitAgain, restoreSecretKey, secretKeyOnDevice } from '../recovery-kit/key-on-device.js'
import type { VaultLocation } from '../vault/locations.js'
import type { SecretKeyStore } from '../vault/secret-key-store.js'
import { vaultExists } from '../vault/vault-file.js'
import type { Vault } from '../vault/vault.js'
import type { SecretKeyMethod } from './vault-methods.js'

/**
 * This device's secret key, through the service: whether it is here (asked while locked, so the
 * unlock screen can tell a missing key from a wrong passphrase), restoring it from the kit, and
 * the kit's PDF again for an unlocked vault.
 */
export function secretKeyMethods(
  location: VaultLocation,
  secretKeys: SecretKeyStore,
  current: () => Vault | undefined,
  options: { nativeBinding?: string; lockWaitMs?: number }
): Pick<MeVaultApi, SecretKeyMethod> {
  const vaultFile = { dir: location.vaultDir, nativeBinding: options.nativeBinding, lockWaitMs: options.lockWaitMs }
  const existing = (): void => {
    if (!vaultExists(location.vaultDir)) throw new MeVaultError('NOT_FOUND', 'There is no vault here yet')
  }
  return {
    'vault.secretKeyStatus': async () => {
      if (current()) return { onThisDevice: true }
      existing()
      return { onThisDevice: await secretKeyOnDevice(vaultFile, secretKeys) }
    },
    'vault.restoreKey': async ({ secretKey }) => {
      if (current()) throw new MeVaultError('EXISTS', 'The vault is unlocked: this device has its secret key')
      existing()
      await restoreSecretKey(vaultFile, secretKeys, secretKey)
    },
    'vault.recoveryKit': async ({ passphrase }) => {
      const vault = current()
      if (!vault) throw new MeVaultError('LOCKED', 'The vault is locked')
      return recoveryKitAgain(vault, secretKeys, passphrase)
    }
  }
}
