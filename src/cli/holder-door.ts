import type { MeVaultApi, VaultEvents } from '../shared/api.js'
import { isMeVaultError } from '../shared/errors.js'
import { note } from './output.js'

/**
 * For a command that holds the vault (`serve`, `sync serve`): opens the vault's front door so other
 * `mevault` commands reach it instead of failing "busy". Without a door it still runs, and says why.
 * `events` lets a client wait for a change (`pair invite` for a device to join) without polling.
 */
export async function openHolderDoor(api: MeVaultApi, vaultDir: string, events?: VaultEvents): Promise<{ close(): Promise<void> }> {
  const { openFrontDoor } = await import('../core/front-door/door-server.js')
  try {
    return await openFrontDoor(api, vaultDir, events)
  } catch (error) {
    const why = isMeVaultError(error) ? error.message : ((error as NodeJS.ErrnoException).code ?? 'unknown error')
    note(`mevault: other mevault commands cannot reach this vault while this runs (${why})`)
    return { close: async () => {} }
  }
}
