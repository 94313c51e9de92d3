import type { PeerId } from '@automerge/automerge-repo'
import { keyFingerprint } from '../crypto/key-fingerprint.js'

/** What the device's pin store knows about a paired device. */
export interface TrustedPeer {
  /** The paired device's id, as the pairing record names it. */
  deviceId: string
  /** A human name for log lines ("Anna's laptop"). */
  name?: string
  /**
   * The automerge-repo peer id this device must present, when the pin store knows it. Unset, any peer id
   * is accepted, but it is still signed by the device key and bound to it for the adapter's lifetime.
   */
  peerId?: PeerId
}

/**
 * Looks up a device public key among the pinned peers. Asked on every handshake, so revoking a device is
 * just removing its key: the next connection is refused.
 */
export type PeerTrust = (devicePublicKey: Uint8Array) => TrustedPeer | undefined

/** Where the transport reports refusals and connection changes. Lines never hold document content. */
export interface SyncLogger {
  info(message: string): void
  warn(message: string): void
}

/** Warnings to stderr, the rest dropped: the default when no logger is injected. */
export const stderrLogger: SyncLogger = {
  info: () => {},
  warn: (message) => console.warn(message)
}

/** "device 'laptop' (ab12…)" or "unknown device (ab12…)", for log lines. */
export function describeDevice(publicKey: Uint8Array, peer: TrustedPeer | undefined): string {
  const fingerprint = keyFingerprint(publicKey)
  return peer ? `device ${peer.name ?? peer.deviceId} (${fingerprint})` : `unknown device (${fingerprint})`
}
