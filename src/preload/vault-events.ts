/**
 * `window.mevaultEvents`: the vault's change events (src/shared/api.ts, VaultChange), which main
 * forwards from the engine on one fixed channel. The page can only listen; anything that is not a
 * change event is dropped here.
 */
import type { VaultChange, VaultEvents } from '../shared/api.js'

/** Main sends change events on exactly this channel (src/main/renderer-events.ts). */
export const VAULT_EVENTS_CHANNEL = 'mevault-events:change'

/** Kept in step with VAULT_CHANGE_KINDS: the preload imports only types from src/shared. */
const KINDS: ReadonlySet<string> = new Set<VaultChange['kind']>(['fields', 'devices', 'ledger', 'policy', 'lock'])

export type Listen = (channel: string, listener: (payload: unknown) => void) => void

export function buildVaultEvents(listen: Listen): VaultEvents {
  const listeners = new Set<(change: VaultChange) => void>()
  listen(VAULT_EVENTS_CHANNEL, (payload) => {
    const kind = (payload as { kind?: unknown } | null)?.kind
    if (typeof kind !== 'string' || !KINDS.has(kind)) return
    const change = { kind } as VaultChange // a fresh object: nothing else from main reaches the page
    listeners.forEach((listener) => listener(change))
  })
  return {
    onChange: (listener) => {
      listeners.add(listener)
      return () => void listeners.delete(listener)
    }
  }
}
