import type { Socket } from 'node:net'
import { NetworkAdapter, type Message, type PeerId, type PeerMetadata } from '@automerge/automerge-repo'
import { isMeVaultError } from '../../shared/errors.js'
import type { SigningKeyPair } from '../crypto/identity.js'
import type { Role } from './handshake-messages.js'
import { keyFingerprint } from '../crypto/key-fingerprint.js'
import { describeDevice, stderrLogger, type PeerTrust, type SyncLogger } from './peer-trust.js'
import { decodeRepoMessage, encodeRepoMessage } from './repo-message-codec.js'
import { SecureChannel, type AuthenticatedPeer } from './secure-channel.js'

export interface SecureAdapterOptions {
  /** This device's Ed25519 key pair, the one paired devices have pinned. */
  deviceKeys: SigningKeyPair
  /** The pin store: which device keys may connect. Asked on every handshake. */
  trust: PeerTrust
  logger?: SyncLogger
  /** Largest message either side may send in one frame (default 64 MiB). */
  maxFrameBytes?: number
  handshakeTimeoutMs?: number
}

/**
 * What the server and client adapters share: secure channels keyed by the remote peer id, the binding of
 * each peer id to the device key that first proved it, and the automerge-repo events.
 */
export abstract class SecureNetworkAdapter extends NetworkAdapter {
  protected readonly logger: SyncLogger
  readonly #channels = new Map<PeerId, SecureChannel>()
  /** peer id → device key fingerprint, kept for the adapter's lifetime: a peer id belongs to one device. */
  readonly #bindings = new Map<PeerId, string>()
  /** Who serves a first copy to a channel that asks for one; none: such channels are refused. */
  #firstCopy: ((channel: SecureChannel, peer: AuthenticatedPeer) => void) | undefined
  readonly #copyChannels = new Set<SecureChannel>()
  #ready = false
  #resolveReady!: () => void
  readonly #readyPromise = new Promise<void>((resolve) => (this.#resolveReady = resolve))

  constructor(protected readonly options: SecureAdapterOptions) {
    super()
    this.logger = options.logger ?? stderrLogger
  }

  isReady(): boolean {
    return this.#ready
  }

  whenReady(): Promise<void> {
    return this.#readyPromise
  }

  protected markReady(): void {
    if (this.#ready) return
    this.#ready = true
    this.#resolveReady()
  }

  /** Peer ids with an open, authenticated channel right now. */
  get connectedPeers(): PeerId[] {
    return [...this.#channels.keys()]
  }

  send(message: Message): void {
    const channel = this.#channels.get(message.targetId)
    if (!channel) return // not connected (any more): automerge-repo resyncs when the peer comes back
    channel.send(encodeRepoMessage(message))
  }

  /** Re-asks the pin store about every open channel and drops the ones no longer trusted (revocation). */
  revalidate(): void {
    for (const channel of [...this.#channels.values(), ...this.#copyChannels]) {
      const peer = channel.peer
      if (peer && !this.options.trust(peer.devicePublicKey)) channel.refuse('device key was revoked')
    }
  }

  /**
   * Serves first copies: a channel whose peer announced `firstCopy` is handed to `handler`, never to
   * the Repo (it carries no repo messages). Only an authenticated, trusted peer gets this far.
   */
  onFirstCopy(handler: (channel: SecureChannel, peer: AuthenticatedPeer) => void): void {
    this.#firstCopy = handler
  }

  /** Starts the secure handshake on a socket, as this device, with the announced peer id. */
  protected openChannel(socket: Socket, role: Role, peerId: PeerId, peerMetadata: PeerMetadata): SecureChannel {
    const channel = new SecureChannel(socket, {
      role,
      deviceKeys: this.options.deviceKeys,
      announcement: { peerId, peerMetadata },
      trust: this.options.trust,
      logger: this.logger,
      admit: (peer) => this.#admit(peer, peerId),
      maxFrameBytes: this.options.maxFrameBytes,
      handshakeTimeoutMs: this.options.handshakeTimeoutMs
    })
    channel.ready.then((peer) => this.#adopt(channel, peer, peerId)).catch(() => {})
    return channel
  }

  protected closeAllChannels(): void {
    for (const channel of [...this.#channels.values(), ...this.#copyChannels]) channel.close()
  }

  #admit(peer: AuthenticatedPeer, localPeerId: PeerId): string | undefined {
    if (peer.peerId === localPeerId) return `it claims this device's own peer id "${peer.peerId}"`
    const bound = this.#bindings.get(peer.peerId)
    if (bound !== undefined && bound !== keyFingerprint(peer.devicePublicKey)) {
      return `peer id "${peer.peerId}" belongs to another device (${bound})`
    }
    // Bound here, synchronously, so two connections racing for one peer id cannot both get in.
    this.#bindings.set(peer.peerId, keyFingerprint(peer.devicePublicKey))
    return undefined
  }

  #adopt(channel: SecureChannel, peer: AuthenticatedPeer, localPeerId: PeerId): void {
    if (!channel.isOpen) return
    if (peer.peerMetadata.firstCopy === true) {
      if (!this.#firstCopy) return channel.destroy('this device does not serve first copies here')
      this.#copyChannels.add(channel)
      channel.onClose(() => this.#copyChannels.delete(channel))
      this.#firstCopy(channel, peer)
      return
    }
    const previous = this.#channels.get(peer.peerId)
    if (previous) previous.close() // the same device reconnected: the newer connection wins
    this.#channels.set(peer.peerId, channel)
    channel.onClose(() => {
      if (this.#channels.get(peer.peerId) !== channel) return
      this.#channels.delete(peer.peerId)
      this.emit('peer-disconnected', { peerId: peer.peerId })
    })
    this.markReady()
    this.emit('peer-candidate', { peerId: peer.peerId, peerMetadata: peer.peerMetadata })
    channel.deliverTo((bytes) => {
      let message: Message
      try {
        message = decodeRepoMessage(bytes, peer.peerId, localPeerId)
      } catch (error) {
        const reason = isMeVaultError(error) ? error.message : 'undecodable message'
        channel.destroy(`${describeDevice(peer.devicePublicKey, peer.trusted)} sent a bad message: ${reason}`)
        return
      }
      this.emit('message', message)
    })
  }
}
