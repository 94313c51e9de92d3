import type { MeVaultApi, VaultEvents } from '../../shared/api.js'
import { MeVaultError } from '../../shared/errors.js'
import { changeListeners } from '../../shared/vault-change.js'
import type { SyncServer } from '../sync/sync-session.js'
import type { Vault } from '../vault/vault.js'
import { emitChanges } from './change-events.js'
import { unlockedVaultMethods } from './vault-methods.js'

/**
 * The typed API over a vault that another part of this process opened and keeps open (`mevault
 * sync serve`): the CLI reaches it through the front door while it runs. The vault stays as its
 * holder opened it: it cannot be locked, created or joined from here; `holder` names who to stop.
 * Its change events (a sync bringing changes, an invitation ending) go to the door's subscribers.
 * `listener`: the holder's own sync listener, where an invitation sends the new machine's first sync.
 */
export function serviceForOpenVault(
  vault: Vault,
  holder: string,
  options: { listener?: SyncServer } = {}
): MeVaultApi & VaultEvents & { close(): Promise<void> } {
  const { announce, onChange } = changeListeners()
  const { methods, close } = unlockedVaultMethods(() => vault, { onChange: announce, heldListener: options.listener })
  const stopChanges = emitChanges(vault, announce)
  const refuse = (what: string) => async (): Promise<never> => {
    throw new MeVaultError('BUSY', `${holder} holds this vault open; stop it to ${what}`)
  }
  return {
    'vault.state': async () => ({ exists: true, unlocked: true, status: await vault.status() }),
    // Already unlocked by its holder: no passphrase is asked through the door.
    'vault.unlock': async () => vault.status(),
    'vault.lock': refuse('lock it'),
    'vault.create': refuse('create a vault here'),
    'vault.join': refuse('join a vault here'),
    'vault.restore': refuse('restore a backup here'),
    // Open, so its key is here; the kit is made by the app or CLI that opens the vault itself.
    'vault.secretKeyStatus': async () => ({ onThisDevice: true }),
    'vault.restoreKey': refuse('restore its secret key'),
    'vault.recoveryKit': refuse('save its recovery kit'),
    ...methods,
    onChange,
    close: async () => {
      stopChanges()
      await close()
    }
  }
}
