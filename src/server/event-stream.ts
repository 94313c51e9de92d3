import type { ServerResponse } from 'node:http'
import type { VaultChange, VaultEvents } from '../shared/api.js'

/** Where, under the app's per-run path, a signed-in page reads the vault's change events. */
export const EVENTS_PATH = '/api/events'
/** Open streams at most (a tab holds one): a runaway page cannot pile them up. */
const MAX_STREAMS = 32

/**
 * The vault's change events as server-sent events, one `change` event per change
 * (`data: {"kind":"fields"}`), to every open stream. The page's EventSource reconnects by itself.
 */
export class EventStreams {
  private readonly responses = new Set<ServerResponse>()
  private stopListening: (() => void) | undefined

  constructor(private readonly events: VaultEvents | undefined) {}

  /** Starts a stream on this response; false when too many are open already. */
  open(res: ServerResponse): boolean {
    if (this.responses.size >= MAX_STREAMS) return false
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      'X-Accel-Buffering': 'no'
    })
    res.write(': MeVault change events\n\n') // sends the headers now: the page knows it is listening
    this.responses.add(res)
    res.on('close', () => {
      this.responses.delete(res)
      if (this.responses.size === 0) this.stop()
    })
    this.stopListening ??= this.events?.onChange((change) => this.send(change))
    return true
  }

  closeAll(): void {
    for (const res of this.responses) res.end()
    this.responses.clear()
    this.stop()
  }

  private send(change: VaultChange): void {
    const frame = `event: change\ndata: ${JSON.stringify({ kind: change.kind })}\n\n`
    for (const res of this.responses) res.write(frame)
  }

  private stop(): void {
    this.stopListening?.()
    this.stopListening = undefined
  }
}
