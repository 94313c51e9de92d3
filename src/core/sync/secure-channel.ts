import type { Socket } from 'node:net'
import { type ErrorCode, isMeVaultError, MeVaultError } from '../../shared/errors.js'
import type { SigningKeyPair } from '../crypto/identity.js'
import { sodium } from '../crypto/sodium.js'
import { FrameCipher } from './frame-cipher.js'
import {
  PROTOCOL,
  decodeAuth,
  decodeGreeting,
  encodeAuth,
  encodeGreeting,
  transcriptHash,
  type Announcement,
  type Role,
  type SignedAnnouncement
} from './handshake-messages.js'
import { describeDevice, type PeerTrust, type SyncLogger, type TrustedPeer } from './peer-trust.js'
import { FrameReader, encodeFrame } from './wire-frames.js'

/*
 * Handshake (both sides run the same steps; the TCP client is the crypto_kx "client"):
 *   1. each sends a greeting: "MVS1" || a fresh X25519 key (crypto_kx_keypair);
 *   2. each derives the two crypto_kx session keys and the transcript hash of both greetings;
 *   3. each sends, sealed under its session key, its Ed25519 device public key, a signature of
 *      (role, transcript hash, announced peer id and metadata) made with the device key, and that announcement;
 *   4. each checks the other's signature and asks its pin store about the key, then sends "accept",
 *      or, sealed the same way, "refuse" before it drops the connection.
 * A side is open only once it has accepted the other and been accepted, so a refused device never
 * believes it is connected. The sealed "refuse" tells a refused device apart from one whose
 * connection was cut during the handshake: only a peer whose authentication this side has checked
 * can seal it, and a cut never does. (A paired device that revokes this one later sends it too.)
 * We sign with the Ed25519 key rather than converting it to X25519: the signature proves possession of
 * the pinned key for this connection only (the transcript holds both fresh keys), and the session keys
 * come from fresh keys alone, so recorded traffic stays sealed even if a device key later leaks.
 * A side accepts only a signature that verifies, from a key its pin store trusts. Application frames
 * follow, sealed with a counter nonce (see FrameCipher).
 */

const FRAME_AUTH = 1
const FRAME_DATA = 2
const FRAME_BYE = 3
const FRAME_ACCEPT = 4
const FRAME_REFUSE = 5
const HANDSHAKE_FRAME_LIMIT = 4096
const AEAD_OVERHEAD = 16 + 1 // Poly1305 tag + frame type byte
export const DEFAULT_MAX_FRAME_BYTES = 64 * 1024 * 1024
export const DEFAULT_HANDSHAKE_TIMEOUT_MS = 10_000

export interface ChannelOptions {
  role: Role
  deviceKeys: SigningKeyPair
  announcement: Announcement
  trust: PeerTrust
  logger: SyncLogger
  /** Extra admission rule run after the peer is authenticated; returns a refusal reason, or undefined. */
  admit?: (peer: AuthenticatedPeer) => string | undefined
  /** Largest application payload either side may send (default 64 MiB). */
  maxFrameBytes?: number
  /**
   * Largest payload accepted from the peer, when smaller than what this side may send: the pairing
   * listener accepts any device key, so it takes only the small join request from it.
   */
  maxIncomingFrameBytes?: number
  handshakeTimeoutMs?: number
}

export interface AuthenticatedPeer extends SignedAnnouncement {
  trusted: TrustedPeer
}

type State = 'greeting' | 'auth' | 'accepting' | 'open' | 'closed'

/**
 * One authenticated, encrypted connection to a paired device over a TCP socket. `ready` settles when
 * both sides have proven their device keys, or rejects with a MeVaultError saying how it failed
 * (already logged): UNREACHABLE, CONNECTION_LOST, TIMED_OUT, PEER_UNKNOWN (this side refused the
 * peer) or PEER_REFUSED (the peer refused this side). Nothing the peer sends is handed on before that.
 */
export class SecureChannel {
  readonly ready: Promise<AuthenticatedPeer>
  peer: AuthenticatedPeer | undefined
  #resolveReady!: (peer: AuthenticatedPeer) => void
  #rejectReady!: (error: Error) => void
  #state: State = 'greeting'
  #reader = new FrameReader(HANDSHAKE_FRAME_LIMIT)
  #ephemeral = sodium().crypto_kx_keypair()
  #transcript: Uint8Array | undefined
  #sender: FrameCipher | undefined
  #receiver: FrameCipher | undefined
  #inbox: Uint8Array[] = []
  #onMessage: ((payload: Uint8Array) => void) | undefined
  #closeListeners: Array<(reason: string, failure: MeVaultError | undefined) => void> = []
  /** How the connection failed, once it has; undefined while it is up and after an intended close. */
  #failure: MeVaultError | undefined
  /** Whether the socket ever connected: what tells "nothing answered" from "cut before the greeting". */
  #connected: boolean
  #handshakeTimer: NodeJS.Timeout
  readonly #maxFrameBytes: number
  readonly #maxIncomingFrameBytes: number
  #remote = 'a peer not yet connected'

  constructor(
    readonly socket: Socket,
    readonly options: ChannelOptions
  ) {
    this.ready = new Promise((resolve, reject) => {
      this.#resolveReady = resolve
      this.#rejectReady = reject
    })
    this.ready.catch(() => {}) // refusals are logged here; callers may ignore the rejection
    this.#maxFrameBytes = options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES
    this.#maxIncomingFrameBytes = Math.min(this.#maxFrameBytes, options.maxIncomingFrameBytes ?? this.#maxFrameBytes)
    socket.setNoDelay(true)
    this.#connected = !socket.pending // an accepted socket is connected from the start
    socket.on('connect', () => {
      this.#connected = true
      void this.remote // remember the address for log lines after the socket closes
    })
    socket.on('data', (chunk: Buffer) => this.#receive(chunk))
    socket.on('error', (error: NodeJS.ErrnoException) => this.#ended(`socket error ${error.code ?? error.message}`))
    socket.on('close', () => this.#ended('connection closed by the other side'))
    this.#handshakeTimer = setTimeout(
      () => this.#refuse('handshake not completed in time', 'TIMED_OUT'),
      options.handshakeTimeoutMs ?? DEFAULT_HANDSHAKE_TIMEOUT_MS
    )
    this.#write(encodeGreeting(this.#ephemeral.publicKey))
  }

  /** The other end's address, as known once the socket is connected. */
  get remote(): string {
    const { remoteAddress, remotePort } = this.socket
    if (remoteAddress) this.#remote = `${remoteAddress}:${remotePort ?? '?'}`
    return this.#remote
  }

  get isOpen(): boolean {
    return this.#state === 'open'
  }

  /** Hands every received application payload, in order, to `handler` (holding back until it is set). */
  deliverTo(handler: (payload: Uint8Array) => void): void {
    this.#onMessage = handler
    const waiting = this.#inbox
    this.#inbox = []
    for (const payload of waiting) if (this.#state === 'open') handler(payload)
  }

  /** Called once the connection has ended, with why, and how it failed unless it was closed as intended. */
  onClose(listener: (reason: string, failure: MeVaultError | undefined) => void): void {
    this.#closeListeners.push(listener)
  }

  /** How the connection failed (see `ready`), once it has; undefined otherwise. */
  get failure(): MeVaultError | undefined {
    return this.#failure
  }

  /** Seals and sends one application payload; refuses oversize payloads instead of cutting them. */
  send(payload: Uint8Array): boolean {
    if (this.#state !== 'open') return false
    if (payload.length > this.#maxFrameBytes) {
      this.options.logger.warn(
        `sync: not sending a ${payload.length}-byte message to ${this.#who()}: above the ${this.#maxFrameBytes}-byte frame limit`
      )
      return false
    }
    this.#sendSealed(FRAME_DATA, payload)
    return true
  }

  /** Says goodbye (so the other side knows the end was intended) and closes. */
  close(): void {
    if (this.#state === 'open') this.#sendSealed(FRAME_BYE, new Uint8Array())
    this.#finish('closed by this side')
    this.socket.end()
    this.socket.destroySoon()
  }

  /** Drops the connection at once, logging why: for integrity failures and misbehaving peers. */
  destroy(reason: string): void {
    this.#refuse(reason, this.#state === 'open' ? 'CONNECTION_LOST' : 'PEER_UNKNOWN')
  }

  /**
   * Refuses the peer: tells it so (sealed, once its authentication has been checked) and drops the
   * connection. For a device this side does not trust, or no longer trusts (a revocation).
   */
  refuse(reason: string): void {
    this.#refuse(reason, 'PEER_UNKNOWN', true)
  }

  #receive(chunk: Buffer): void {
    if (this.#state === 'closed') return
    try {
      this.#reader.push(chunk)
      for (let frame = this.#reader.nextFrame(); frame; frame = this.#reader.nextFrame()) {
        this.#handleFrame(frame)
        if ((this.#state as State) === 'closed') return // a frame handler refused or closed
      }
    } catch (error) {
      // Never let a hostile frame throw out of a socket handler: log the reason and drop the connection.
      this.destroy(isMeVaultError(error) ? error.message : `internal error handling a frame (${String(error)})`)
    }
  }

  #handleFrame(frame: Uint8Array): void {
    if (this.#state === 'greeting') return this.#handleGreeting(frame)
    const receiver = this.#receiver as FrameCipher
    const plaintext = receiver.open(frame)
    const type = plaintext[0]
    const body = plaintext.subarray(1)
    if (this.#state === 'auth') {
      if (type !== FRAME_AUTH) return this.destroy('expected the authentication message first')
      return this.#handleAuth(body)
    }
    // From here the peer's authentication is checked: only it can have sealed a refusal.
    if (type === FRAME_REFUSE) return this.#refused()
    if (this.#state === 'accepting') {
      if (type !== FRAME_ACCEPT) return this.destroy('expected the acceptance message')
      return this.#open()
    }
    if (type === FRAME_DATA) {
      if (this.#onMessage) this.#onMessage(body)
      else this.#inbox.push(body)
    } else if (type === FRAME_BYE) {
      this.options.logger.info(`sync: ${this.#who()} closed the connection`)
      this.#finish('closed by the other side')
      this.socket.end()
    } else {
      this.destroy(`unknown frame type ${type ?? 'none'}`)
    }
  }

  #handleGreeting(frame: Uint8Array): void {
    const s = sodium()
    const theirs = decodeGreeting(frame)
    const ours = this.#ephemeral
    const isClient = this.options.role === 'client'
    const keys = isClient
      ? s.crypto_kx_client_session_keys(ours.publicKey, ours.privateKey, theirs)
      : s.crypto_kx_server_session_keys(ours.publicKey, ours.privateKey, theirs)
    s.memzero(ours.privateKey)
    this.#transcript = isClient ? transcriptHash(ours.publicKey, theirs) : transcriptHash(theirs, ours.publicKey)
    const otherRole: Role = isClient ? 'server' : 'client'
    this.#sender = new FrameCipher(keys.sharedTx, `${PROTOCOL} ${this.options.role}->${otherRole}`)
    this.#receiver = new FrameCipher(keys.sharedRx, `${PROTOCOL} ${otherRole}->${this.options.role}`)
    this.#state = 'auth'
    this.#sendSealed(
      FRAME_AUTH,
      encodeAuth(this.options.role, this.#transcript, this.options.deviceKeys, this.options.announcement)
    )
  }

  #handleAuth(body: Uint8Array): void {
    const otherRole: Role = this.options.role === 'client' ? 'server' : 'client'
    const announced = decodeAuth(otherRole, this.#transcript as Uint8Array, body)
    const trusted = this.options.trust(announced.devicePublicKey)
    const device = describeDevice(announced.devicePublicKey, trusted)
    if (!trusted) return this.refuse(`${device} is not paired with this device (or was revoked)`)
    if (trusted.peerId !== undefined && trusted.peerId !== announced.peerId) {
      return this.refuse(`${device} announced peer id "${announced.peerId}", but it is paired as "${trusted.peerId}"`)
    }
    const peer: AuthenticatedPeer = { ...announced, trusted }
    const refusal = this.options.admit?.(peer)
    if (refusal !== undefined) return this.refuse(`${device}: ${refusal}`)
    this.peer = peer
    this.#state = 'accepting'
    this.#sendSealed(FRAME_ACCEPT, new Uint8Array())
  }

  #open(): void {
    const peer = this.peer as AuthenticatedPeer
    clearTimeout(this.#handshakeTimer)
    this.#state = 'open'
    this.#reader.maxFrameBytes = this.#maxIncomingFrameBytes + AEAD_OVERHEAD
    this.options.logger.info(`sync: connected to ${this.#who()} as peer "${peer.peerId}"`)
    this.#resolveReady(peer)
  }

  #sendSealed(type: number, body: Uint8Array): void {
    const plaintext = new Uint8Array(1 + body.length)
    plaintext[0] = type
    plaintext.set(body, 1)
    this.#write((this.#sender as FrameCipher).seal(plaintext))
  }

  #write(payload: Uint8Array): void {
    if (!this.socket.destroyed) this.socket.write(encodeFrame(payload))
  }

  /** Drops the connection, logging why; `tell` first seals a refusal for a peer whose authentication was checked. */
  #refuse(reason: string, code: ErrorCode, tell = false): void {
    if (this.#state === 'closed') return
    const stage = this.#state === 'open' ? 'dropped connection with' : 'refused connection from'
    this.options.logger.warn(`sync: ${stage} ${this.#who()}: ${reason}`)
    const telling = tell && this.#sender !== undefined && this.#state !== 'greeting'
    if (telling) this.#sendSealed(FRAME_REFUSE, new Uint8Array())
    this.#finish(reason, new MeVaultError(code, `${this.#who()}: ${reason}`))
    if (telling) {
      // The refusal is one small frame, written before anything else is: flushed, then closed.
      this.socket.end()
      this.socket.destroySoon()
    } else {
      this.socket.destroy()
    }
  }

  /** The peer sealed a refusal: it does not accept this device (not paired with it, or revoked it). */
  #refused(): void {
    const reason = 'it does not accept this device (not paired with it, or revoked it)'
    this.options.logger.warn(`sync: ${this.#who()} refused this device: ${reason}`)
    this.#finish(reason, new MeVaultError('PEER_REFUSED', `${this.#who()}: ${reason}`))
    this.socket.destroy()
  }

  #ended(reason: string): void {
    if (this.#state === 'closed') return
    let failure: MeVaultError
    if (this.#state === 'open') {
      const cut = this.#reader.pendingBytes > 0 ? ` mid-frame (${this.#reader.pendingBytes} bytes discarded)` : ''
      this.options.logger.info(`sync: connection to ${this.#who()} ended without goodbye${cut}: ${reason}`)
      failure = new MeVaultError('CONNECTION_LOST', `the connection to ${this.#who()} ended without goodbye${cut}: ${reason}`)
    } else if (this.#state !== 'greeting') {
      // A refusal is sealed and said; a connection that just ends inside the handshake was cut.
      this.options.logger.warn(`sync: handshake with ${this.#who()} cut off: ${reason}`)
      failure = new MeVaultError('CONNECTION_LOST', `the connection to ${this.#who()} was cut during the handshake: ${reason}`)
    } else {
      this.options.logger.info(`sync: could not reach ${this.#who()}: ${reason}`)
      failure = this.#connected
        ? new MeVaultError('CONNECTION_LOST', `the connection to ${this.#who()} was cut before the handshake began: ${reason}`)
        : new MeVaultError('UNREACHABLE', `nothing answered at ${this.#who()}: ${reason}`)
    }
    this.#finish(reason, failure)
    this.socket.destroy()
  }

  #finish(reason: string, failure?: MeVaultError): void {
    if (this.#state === 'closed') return
    const wasOpen = this.#state === 'open'
    this.#state = 'closed'
    this.#inbox = []
    this.#failure = failure
    clearTimeout(this.#handshakeTimer)
    if (!wasOpen) this.#rejectReady(failure ?? new MeVaultError('CONNECTION_LOST', `the connection to ${this.#who()} was ${reason}`))
    for (const listener of this.#closeListeners) listener(reason, failure)
  }

  #who(): string {
    return this.peer ? `${describeDevice(this.peer.devicePublicKey, this.peer.trusted)} at ${this.remote}` : this.remote
  }
}
