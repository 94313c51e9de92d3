import type { MeVaultApi, VaultChange } from '../../shared/api.js'
import { MeVaultError } from '../../shared/errors.js'
import { parseSecretKey } from '../crypto/secret-key.js'
import type { VaultLocation } from '../vault/locations.js'
import { keyFileStore, type SecretKeyStore } from '../vault/secret-key-store.js'
import { Vault } from '../vault/vault.js'
import { vaultExists } from '../vault/vault-file.js'
import { joinVault } from './join-vault.js'
import { createDevicesService } from './devices-service.js'
import { answerRequest, choosePreset, listLedger, policyView, previewRequest, withdrawConsent } from './answer-requests.js'
import { setRequesterRuleFor, setTierRuleFor } from './policy-rules.js'
import { pageOfFields } from './field-pages.js'
import { emitChanges } from './change-events.js'

/**
 * The typed API (src/shared/api.ts) over one vault location: what the Electron IPC handlers and
 * `mevault serve` expose. It holds at most one unlocked vault; the secret key comes from this
 * device's key file, never from the UI. Device methods (list, pairing, sync) are in devices-service.ts.
 */
export function createVaultService(
  location: VaultLocation,
  // nativeBinding: SQLite's compiled library for this runtime (the Electron app passes its own).
  // onChange: told what changed, after this service's own changes and when a sync brings some.
  options: { secretKeys?: SecretKeyStore; nativeBinding?: string; onChange?: (change: VaultChange) => void } = {}
): MeVaultApi {
  const { nativeBinding, onChange } = options
  const secretKeys = options.secretKeys ?? keyFileStore(location.keyFileFor)
  let vault: Vault | undefined
  let stopChanges = (): void => {}
  const hold = (opened: Vault): void => {
    vault = opened
    if (onChange) stopChanges = emitChanges(opened, onChange)
  }

  const unlocked = (): Vault => {
    if (!vault) throw new MeVaultError('LOCKED', 'The vault is locked')
    return vault
  }
  // Its sync listener and invitation belong to the unlocked vault: they end when it locks.
  const devices = createDevicesService(unlocked)

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
    'vault.unlock': async ({ passphrase }) => {
      if (!vault) {
        hold(
          await Vault.unlock({
            dir: location.vaultDir,
            passphrase,
            secretKey: (vaultId) => secretKeys.read(vaultId),
            nativeBinding
          })
        )
      }
      return unlocked().status()
    },
    'vault.lock': async () => {
      const open = vault
      vault = undefined
      stopChanges()
      await devices.close()
      await open?.close()
      if (open) onChange?.({ kind: 'lock' })
    },
    'fields.list': async () => unlocked().list(),
    'fields.get': async ({ path }) => unlocked().get(path),
    'fields.set': async ({ path, value, tier, type }) => unlocked().set(path, value, { tier, type }),
    'fields.remove': async ({ path }) => unlocked().remove(path),
    'fields.setTier': async ({ path, tier }) => unlocked().setTier(path, tier),
    'fields.search': async ({ text }) => unlocked().search(text),
    'fields.page': async (input) => pageOfFields(unlocked(), input),
    'fields.history': async ({ path }) => unlocked().history(path),
    'fields.restore': async ({ path, version }) => unlocked().restore(path, version),
    'vault.changePassphrase': async ({ current, next }) => {
      const open = unlocked()
      // Someone at an unlocked, unattended machine must not lock its owner out.
      open.checkPassphrase(current)
      await open.changePassphrase(next)
    },
    'requests.preview': async ({ text }) => previewRequest(unlocked(), text),
    'requests.answer': async ({ text, approve, again }) => answerRequest(unlocked(), text, approve, again ?? false),
    'ledger.list': async () => listLedger(unlocked()),
    'ledger.withdraw': async ({ receiptId }) => withdrawConsent(unlocked(), receiptId),
    'policy.get': async () => policyView(unlocked()),
    'policy.applyPreset': async ({ preset }) => choosePreset(unlocked(), preset),
    'policy.setTierRule': async ({ tier, rule }) => setTierRuleFor(unlocked(), tier, rule),
    'policy.setRequesterRule': async ({ requester, rule }) => setRequesterRuleFor(unlocked(), requester, rule),
    ...devices.methods
  }
}
