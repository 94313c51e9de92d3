import type { Socket } from 'node:net'
import type { SyncLogger } from './peer-trust.js'

/** Connections a listener lets wait to authenticate at once (each holds at most a few KiB until then). */
export const DEFAULT_MAX_PENDING_CONNECTIONS = 64

/**
 * Caps the connections a listener holds before their peer has proved who it is. Anyone who can reach
 * the port can open one, so past the cap a new connection is closed at once instead of costing memory;
 * the ones already waiting keep their place (and their own deadline frees it).
 */
export class PendingConnections {
  readonly #pending = new Set<Socket>()
  #full = false

  constructor(
    readonly max: number,
    private readonly logger: SyncLogger,
    /** Prefix of the log line ("sync", "pair"). */
    private readonly label: string
  ) {}

  get size(): number {
    return this.#pending.size
  }

  /** Counts `socket` as waiting, or closes it at once when `max` already are (false then). */
  admit(socket: Socket): boolean {
    if (this.#pending.size >= this.max) {
      // One line per burst, not one per connection: a flood must not flood the log too.
      if (!this.#full) {
        this.logger.warn(`${this.label}: ${this.max} connections are already waiting to authenticate; closing new ones until some finish`)
      }
      this.#full = true
      socket.destroy()
      return false
    }
    this.#pending.add(socket)
    socket.once('close', () => this.release(socket))
    return true
  }

  /** The peer has proved itself (or the connection ended): it no longer counts. */
  release(socket: Socket): void {
    this.#pending.delete(socket)
    if (this.#pending.size === 0) this.#full = false // the burst is over: the next one is worth a line
  }

  /** Closes every connection still waiting (the listener is stopping). */
  destroyAll(): void {
    for (const socket of [...this.#pending]) socket.destroy()
    this.#pending.clear()
  }
}
