import { useEffect, useRef } from 'react'
import type { VaultChange, VaultEvents } from '../../shared/api.js'

/**
 * Calls `onChange` when the vault changes in one of `kinds` (here, in another window, from the CLI
 * or by a sync), so a screen re-reads what it shows instead of polling.
 */
export function useVaultChanges(events: VaultEvents, kinds: ReadonlyArray<VaultChange['kind']>, onChange: () => void): void {
  const latest = useRef(onChange)
  latest.current = onChange
  const watched = kinds.join(',')
  useEffect(() => {
    const wanted = new Set(watched.split(','))
    return events.onChange((change) => {
      if (wanted.has(change.kind)) latest.current()
    })
  }, [events, watched])
}
