/** The vault's change events, as each face delivers them: Electron's preload, or `mevault serve`'s event stream. */
import { isVaultChange, type VaultChange, type VaultEvents } from '../../shared/api.js'

/**
 * Server-sent events from `mevault serve` (GET api/events, signed in by the session cookie). One
 * stream, opened while someone listens; the browser reconnects it by itself if it drops.
 */
export function createHttpEvents(appUrl = './', open: (url: string) => EventSource = (url) => new EventSource(url)): VaultEvents {
  const listeners = new Set<(change: VaultChange) => void>()
  let source: EventSource | undefined
  const deliver = (event: MessageEvent<string>): void => {
    let change: unknown
    try {
      change = JSON.parse(event.data)
    } catch {
      return
    }
    if (isVaultChange(change)) listeners.forEach((listener) => listener({ kind: change.kind }))
  }
  return {
    onChange: (listener) => {
      listeners.add(listener)
      if (!source) {
        source = open(`${appUrl}api/events`)
        source.addEventListener('change', deliver)
      }
      return () => {
        listeners.delete(listener)
        if (listeners.size > 0) return
        source?.close()
        source = undefined
      }
    }
  }
}

/** Electron's preload gives `window.mevaultEvents`; a browser under `mevault serve` reads the event stream. */
export function chooseEvents(bridge: VaultEvents | undefined): VaultEvents {
  return bridge ?? createHttpEvents()
}
