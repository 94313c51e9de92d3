/**
 * What main tells the page (menu commands, opened request files), on the fixed channels the preload
 * listens to. A request opened before the page has loaded (a mevault:// link that launched the app)
 * waits here until the window is ready, so nothing opened is silently lost.
 */
import { SHELL_EVENT_CHANNELS, type OpenedRequest } from '../preload/shell-events.js'
import { VAULT_EVENTS_CHANNEL } from '../preload/vault-events.js'
import type { VaultChange } from '../shared/api.js'

/** The part of Electron's WebContents this needs. */
export interface EventTarget {
  send(channel: string, payload?: unknown): void
}

const MAX_WAITING_REQUESTS = 8

export class RendererEvents {
  private target: EventTarget | null = null
  private readonly waiting: OpenedRequest[] = []

  /** The window's page has loaded (its preload listens): send what waited. */
  attach(target: EventTarget): void {
    this.target = target
    for (const request of this.waiting.splice(0)) target.send(SHELL_EVENT_CHANNELS.openRequest, request)
  }

  /** The window is gone or reloading: keep requests until the next page. */
  detach(): void {
    this.target = null
  }

  lock(): void {
    this.target?.send(SHELL_EVENT_CHANNELS.lock)
  }

  /** What changed in the vault; a page not loaded yet reads everything anew when it loads. */
  change(change: VaultChange): void {
    this.target?.send(VAULT_EVENTS_CHANNEL, { kind: change.kind })
  }

  find(): void {
    this.target?.send(SHELL_EVENT_CHANNELS.find)
  }

  openRequest(request: OpenedRequest): void {
    if (this.target) {
      this.target.send(SHELL_EVENT_CHANNELS.openRequest, request)
    } else {
      this.waiting.push(request)
      if (this.waiting.length > MAX_WAITING_REQUESTS) this.waiting.shift()
    }
  }
}
