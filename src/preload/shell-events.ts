/**
 * `window.mevaultShell`: the few things the desktop shell tells the page (menu commands and request
 * files opened from outside), one explicit subscription per event. No channel names from the page,
 * nothing to send: the page can only listen. Only types are shared; see src/renderer/lib/shell-events.ts.
 */

/** Main sends on exactly these channels (src/main/renderer-events.ts); nothing else is listened to. */
export const SHELL_EVENT_CHANNELS = Object.freeze({
  lock: 'mevault-shell:lock',
  find: 'mevault-shell:find',
  openRequest: 'mevault-shell:open-request'
} as const)

/** A request file (File > Open, a mevault:// link) as text; the page previews it like a dropped file. */
export interface OpenedRequest {
  fileName: string
  text: string
}

export interface ShellEvents {
  /** Lock chosen in the menu (Ctrl/Cmd+L). Returns a function that stops listening. */
  onLock(callback: () => void): () => void
  /** Find chosen in the menu (Ctrl/Cmd+F). */
  onFind(callback: () => void): () => void
  /** A request opened from outside the page. Requests that came while nobody listened arrive on subscribing. */
  onOpenRequest(callback: (request: OpenedRequest) => void): () => void
}

export type Listen = (channel: string, listener: (payload: unknown) => void) => void

/** Requests opened while the vault is locked wait here (a few at most) until the unlocked app listens. */
const MAX_WAITING_REQUESTS = 8

export function buildShellEvents(listen: Listen): ShellEvents {
  const lockCallbacks = new Set<() => void>()
  const findCallbacks = new Set<() => void>()
  const requestCallbacks = new Set<(request: OpenedRequest) => void>()
  const waiting: OpenedRequest[] = []

  listen(SHELL_EVENT_CHANNELS.lock, () => lockCallbacks.forEach((callback) => callback()))
  listen(SHELL_EVENT_CHANNELS.find, () => findCallbacks.forEach((callback) => callback()))
  listen(SHELL_EVENT_CHANNELS.openRequest, (payload) => {
    if (!isOpenedRequest(payload)) return
    const request = { fileName: payload.fileName, text: payload.text }
    if (requestCallbacks.size === 0) {
      waiting.push(request)
      if (waiting.length > MAX_WAITING_REQUESTS) waiting.shift()
    } else {
      requestCallbacks.forEach((callback) => callback(request))
    }
  })

  function subscribe<T>(callbacks: Set<T>, callback: T): () => void {
    callbacks.add(callback)
    return () => void callbacks.delete(callback)
  }

  return {
    onLock: (callback) => subscribe(lockCallbacks, callback),
    onFind: (callback) => subscribe(findCallbacks, callback),
    onOpenRequest: (callback) => {
      const stop = subscribe(requestCallbacks, callback)
      for (const request of waiting.splice(0)) callback(request)
      return stop
    }
  }
}

function isOpenedRequest(payload: unknown): payload is OpenedRequest {
  if (typeof payload !== 'object' || payload === null) return false
  const { fileName, text } = payload as Record<string, unknown>
  return typeof fileName === 'string' && typeof text === 'string'
}
