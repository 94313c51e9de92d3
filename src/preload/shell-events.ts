/**
 * `window.mevaultShell`: the few things the desktop shell tells the page (menu commands and request
 * files opened from outside), one explicit subscription per event. No channel names from the page,
 * nothing to send: the page can only listen. The shapes are in src/shared/shell-events.ts.
 */
import type { OpenedRequest, ShellEvents } from '../shared/shell-events.js'

/** Main sends on exactly these channels (src/main/renderer-events.ts); nothing else is listened to. */
export const SHELL_EVENT_CHANNELS = Object.freeze({
  lock: 'mevault-shell:lock',
  find: 'mevault-shell:find',
  openRequest: 'mevault-shell:open-request'
} as const)

export type { OpenedRequest, ShellEvents }

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
    const request: OpenedRequest = { fileName: payload.fileName, text: payload.text, ...(payload.link ? { link: payload.link } : {}) }
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
  const { fileName, text, link } = payload as Record<string, unknown>
  return typeof fileName === 'string' && typeof text === 'string' && (link === undefined || typeof link === 'string')
}
