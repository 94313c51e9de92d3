import { createServer, type Server, type Socket } from 'node:net'
import type { PeerId, PeerMetadata } from '@automerge/automerge-repo'
import { DEFAULT_MAX_PENDING_CONNECTIONS, PendingConnections } from './pending-connections.js'
import { SecureNetworkAdapter, type SecureAdapterOptions } from './secure-adapter-base.js'

export interface SecureServerOptions extends SecureAdapterOptions {
  /** Address to listen on (default 127.0.0.1). */
  host?: string
  /** Port to listen on (default 0: any free port, see listen()). */
  port?: number
  /** Connections allowed to wait for their handshake at once (default 64); more are closed at once. */
  maxPendingConnections?: number
}

const READY_GRACE_MS = 1000

/**
 * The listening side: accepts TCP connections from paired devices, each over its own secure channel.
 * Connections that arrive before the Repo has called connect() wait for it.
 */
export class SecureServerAdapter extends SecureNetworkAdapter {
  #server: Server | undefined
  #listening: Promise<{ host: string; port: number }> | undefined
  #port: number
  readonly #host: string
  #self: { peerId: PeerId; peerMetadata: PeerMetadata } | undefined
  #waiting = new Set<Socket>()
  readonly #unauthenticated: PendingConnections

  constructor(options: SecureServerOptions) {
    super(options)
    this.#host = options.host ?? '127.0.0.1'
    this.#port = options.port ?? 0
    this.#unauthenticated = new PendingConnections(options.maxPendingConnections ?? DEFAULT_MAX_PENDING_CONNECTIONS, this.logger, 'sync')
  }

  /** Starts listening (once); resolves with the bound address, so port 0 can be given to clients. */
  listen(): Promise<{ host: string; port: number }> {
    this.#listening ??= new Promise((resolve, reject) => {
      const server = createServer((socket) => this.#accept(socket))
      this.#server = server
      server.once('error', reject)
      server.listen(this.#port, this.#host, () => {
        server.off('error', reject)
        server.on('error', (error) => this.logger.warn(`sync: listener error: ${error.message}`))
        const address = server.address()
        if (address && typeof address === 'object') this.#port = address.port
        this.logger.info(`sync: listening on ${this.#host}:${this.#port}`)
        // Ready once a first device is in (see the base class), or after a grace period: a Repo
        // that looks for a document right away then asks the devices that are dialling in.
        setTimeout(() => this.markReady(), READY_GRACE_MS).unref()
        resolve({ host: this.#host, port: this.#port })
      })
    })
    return this.#listening
  }

  connect(peerId: PeerId, peerMetadata?: PeerMetadata): void {
    this.peerId = peerId
    this.peerMetadata = peerMetadata ?? {}
    this.#self = { peerId, peerMetadata: this.peerMetadata }
    for (const socket of this.#waiting) this.#handshake(socket, peerId, this.peerMetadata)
    this.#waiting.clear()
    this.listen().catch((error: Error) => this.logger.warn(`sync: cannot listen on ${this.#host}:${this.#port}: ${error.message}`))
  }

  /** Closes every connection and stops listening; connect() listens again on the same port. */
  disconnect(): void {
    this.#self = undefined
    this.closeAllChannels()
    this.#unauthenticated.destroyAll()
    this.#waiting.clear()
    const server = this.#server
    this.#server = undefined
    this.#listening = undefined
    server?.close()
  }

  /** disconnect(), resolving once the listener has fully closed (for tests and shutdown). */
  async close(): Promise<void> {
    const server = this.#server
    this.disconnect()
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()))
  }

  #accept(socket: Socket): void {
    if (!this.#unauthenticated.admit(socket)) return
    if (this.#self) {
      this.#handshake(socket, this.#self.peerId, this.#self.peerMetadata)
      return
    }
    this.#waiting.add(socket)
    socket.on('close', () => this.#waiting.delete(socket))
    socket.on('error', () => socket.destroy())
  }

  /** Until the handshake ends (small frames only, within its deadline: see SecureChannel), the socket counts as pending. */
  #handshake(socket: Socket, peerId: PeerId, peerMetadata: PeerMetadata): void {
    const channel = this.openChannel(socket, 'server', peerId, peerMetadata)
    const settled = (): void => this.#unauthenticated.release(socket)
    channel.ready.then(settled, settled)
  }
}
