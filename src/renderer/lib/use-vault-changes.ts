import { useEffect, useRef } from 'react'
import type { VaultChange, VaultEvents } from '../../shared/api.js'

/**
 * Changes closer together than this make one re-read: a bulk import or a sync brings thousands of
 * change events, and a screen that re-read its list for each would keep the engine busy re-reading.
 */
const COALESCE_MS = 250

/**
 * Calls `onChange` when the vault changes in one of `kinds` (here, in another window, from the CLI
 * or by a sync), so a screen re-reads what it shows instead of polling. A burst of changes calls it
 * once at its start and once after it (at most every COALESCE_MS).
 */
export function useVaultChanges(events: VaultEvents, kinds: ReadonlyArray<VaultChange['kind']>, onChange: () => void): void {
  const latest = useRef(onChange)
  latest.current = onChange
  const watched = kinds.join(',')
  useEffect(() => {
    const wanted = new Set(watched.split(','))
    let timer: ReturnType<typeof setTimeout> | undefined
    let missed = false
    const quietAgain = (): void => {
      timer = undefined
      if (!missed) return
      missed = false
      latest.current()
      timer = setTimeout(quietAgain, COALESCE_MS)
    }
    const stop = events.onChange((change) => {
      if (!wanted.has(change.kind)) return
      if (timer !== undefined) {
        missed = true
        return
      }
      latest.current()
      timer = setTimeout(quietAgain, COALESCE_MS)
    })
    return () => {
      stop()
      clearTimeout(timer)
    }
  }, [events, watched])
}
