import { connect as tcpConnect } from 'node:net'
import type { PeerId, PeerMetadata } from '@automerge/automerge-repo'
import type { MeVaultError } from '../../shared/errors.js'
import { SecureNetworkAdapter, type SecureAdapterOptions } from './secure-adapter-base.js'
import type { SecureChannel } from './secure-channel.js'

export interface SecureClientOptions extends SecureAdapterOptions {
  host: string
  port: number
  /** Wait between reconnection attempts after a connection ends or fails (default 5 s; 0 turns it off). */
  retryIntervalMs?: number
}

/** Not ready after this long without a peer: the Repo then stops waiting for us to find documents. */
const READY_GRACE_MS = 1000

/** The connecting side: keeps one secure channel to a paired device's listener, reconnecting when it drops. */
export class SecureClientAdapter extends SecureNetworkAdapter {
  #channel: SecureChannel | undefined
  #retryTimer: NodeJS.Timeout | undefined
  #wanted = false
  #lastFailure: MeVaultError | undefined
  readonly #failureListeners = new Set<(failure: MeVaultError) => void>()

  constructor(private readonly clientOptions: SecureClientOptions) {
    super(clientOptions)
  }

  connect(peerId: PeerId, peerMetadata?: PeerMetadata): void {
    this.peerId = peerId
    this.peerMetadata = peerMetadata ?? this.peerMetadata ?? {}
    this.#wanted = true
    clearTimeout(this.#retryTimer)
    this.#channel?.close()
    this.#dial()
    setTimeout(() => this.markReady(), READY_GRACE_MS).unref()
  }

  /**
   * Calls `listener` with how each connection attempt or connection failed (typed: see SecureChannel's
   * `ready`), so a caller never has to read the log to know why.
   */
  onFailure(listener: (failure: MeVaultError) => void): () => void {
    this.#failureListeners.add(listener)
    return () => this.#failureListeners.delete(listener)
  }

  /** How the latest connection attempt or connection failed, if one has. */
  get lastFailure(): MeVaultError | undefined {
    return this.#lastFailure
  }

  disconnect(): void {
    this.#wanted = false
    clearTimeout(this.#retryTimer)
    this.#channel?.close()
    this.#channel = undefined
  }

  #dial(): void {
    const { host, port } = this.clientOptions
    const socket = tcpConnect({ host, port })
    const channel = this.openChannel(socket, 'client', this.peerId as PeerId, this.peerMetadata ?? {})
    this.#channel = channel
    channel.onClose((_reason, failure) => {
      if (failure) {
        this.#lastFailure = failure
        for (const listener of this.#failureListeners) listener(failure)
      }
      if (this.#channel !== channel) return
      this.#channel = undefined
      this.#scheduleRetry()
    })
  }

  #scheduleRetry(): void {
    const interval = this.clientOptions.retryIntervalMs ?? 5000
    if (!this.#wanted || interval <= 0) return
    clearTimeout(this.#retryTimer)
    this.#retryTimer = setTimeout(() => {
      if (this.#wanted && !this.#channel) this.#dial()
    }, interval)
    this.#retryTimer.unref()
  }
}
