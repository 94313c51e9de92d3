import type { WebDependencies } from '../net/web-request.js'
import type { MeVaultApi, VaultChange } from '../../shared/api.js'
import { MeVaultError } from '../../shared/errors.js'
import { parseSecretKey } from '../crypto/secret-key.js'
import type { VaultLocation } from '../vault/locations.js'
import { keyFileStore, type SecretKeyStore } from '../vault/secret-key-store.js'
import { Vault } from '../vault/vault.js'
import { vaultExists } from '../vault/vault-file.js'
import { joinVault } from './join-vault.js'
import { secretKeyMethods } from './secret-key-methods.js'
import { unlockedVaultMethods } from './vault-methods.js'
import { emitChanges } from './change-events.js'
import { keepAutomaticBackups } from '../backup/automatic-backups.js'
import { restoreAndUnlock } from './restore-vault.js'
import type { BindingChecker } from '../requests/requester-identity/index.js'

/**
 * The typed API (src/shared/api.ts) over one vault location: what the Electron IPC handlers,
 * `mevault serve` and (when no other process holds the vault) the CLI call. It holds at most one
 * unlocked vault; the secret key comes from this device's key file, never from the UI. The
 * methods on an unlocked vault are in vault-methods.ts.
 */
export function createVaultService(
  location: VaultLocation,
  options: {
    secretKeys?: SecretKeyStore
    // SQLite's compiled library for this runtime (the Electron app passes its own).
    nativeBinding?: string
    // How long to wait for another process's vault lock (the CLI's MEVAULT_LOCK_WAIT_MS).
    lockWaitMs?: number
    // Told what changed, after this service's own changes and when a sync brings some.
    onChange?: (change: VaultChange) => void
    // The web as the core reaches it (delivering answers, checking a requester): name lookup and
    // extra trust anchors. Default: the system's, with MEVAULT_RESOLVE's names.
    web?: WebDependencies
    // Checks requesters' domain bindings; tests give one with their own CA.
    bindingChecker?: BindingChecker
    // How long the vault stays unchanged before the day's automatic backup is refreshed (default 30 s).
    backupQuietMs?: number
  } = {}
): MeVaultApi {
  const { nativeBinding, lockWaitMs, onChange, web } = options
  const secretKeys = options.secretKeys ?? keyFileStore(location.keyFileFor)
  let vault: Vault | undefined
  let stopChanges = (): void => {}
  let automaticBackups: ReturnType<typeof keepAutomaticBackups> | undefined
  const hold = (opened: Vault): void => {
    vault = opened
    if (onChange) stopChanges = emitChanges(opened, onChange)
    automaticBackups = keepAutomaticBackups(opened, { quietMs: options.backupQuietMs })
  }

  const unlocked = (): Vault => {
    if (!vault) throw new MeVaultError('LOCKED', 'The vault is locked')
    return vault
  }
  const { methods, close: closeUnlocked } = unlockedVaultMethods(unlocked, {
    onChange,
    ...(web ? { web } : {}),
    bindingChecker: options.bindingChecker,
    backupError: () => automaticBackups?.lastError()
  })

  return {
    'vault.state': async () => ({
      exists: vaultExists(location.vaultDir),
      unlocked: vault !== undefined,
      status: vault ? await vault.status() : undefined
    }),
    'vault.create': async ({ passphrase }) => {
      if (vault) throw new MeVaultError('EXISTS', 'A vault is already open')
      const created = await Vault.create({ dir: location.vaultDir, passphrase, nativeBinding })
      await secretKeys.write(created.recoveryKit.vaultId, parseSecretKey(created.recoveryKit.secretKey))
      hold(created.vault)
      return created.recoveryKit
    },
    'vault.join': async (input) => {
      if (vault) throw new MeVaultError('EXISTS', 'A vault is already open')
      const joined = await joinVault(location, secretKeys, input, nativeBinding)
      hold(joined.vault)
      return joined.result
    },
    'vault.restore': async (input) => {
      if (vault) throw new MeVaultError('EXISTS', 'A vault is already open')
      hold(await restoreAndUnlock(location, secretKeys, input, { nativeBinding, lockWaitMs }))
      return unlocked().status()
    },
    'vault.unlock': async ({ passphrase }) => {
      if (!vault) {
        hold(
          await Vault.unlock({
            dir: location.vaultDir,
            passphrase,
            secretKey: (vaultId) => secretKeys.read(vaultId),
            nativeBinding,
            lockWaitMs
          })
        )
      }
      return unlocked().status()
    },
    'vault.lock': async () => {
      const open = vault
      vault = undefined
      stopChanges()
      // A backup being written finishes before the vault closes under it.
      await automaticBackups?.stop()
      automaticBackups = undefined
      await closeUnlocked()
      await open?.close()
      if (open) onChange?.({ kind: 'lock' })
    },
    ...secretKeyMethods(location, secretKeys, () => vault, { nativeBinding, lockWaitMs }),
    ...methods
  }
}
