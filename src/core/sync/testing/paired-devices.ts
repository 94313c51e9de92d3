import type { PeerId } from '@automerge/automerge-repo'
import { newSigningKeyPair, type SigningKeyPair } from '../../crypto/identity.js'
import type { PeerTrust, SyncLogger, TrustedPeer } from '../peer-trust.js'

/** A device for tests: its key pair and a pin store that can pin and revoke other devices. */
export interface TestDevice {
  name: string
  keys: SigningKeyPair
  trust: PeerTrust
  pin(other: TestDevice, peerId?: PeerId): void
  revoke(other: TestDevice): void
}

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex')

export function newTestDevice(name: string): TestDevice {
  const pinned = new Map<string, TrustedPeer>()
  return {
    name,
    keys: newSigningKeyPair(),
    trust: (publicKey) => pinned.get(hex(publicKey)),
    pin(other, peerId) {
      pinned.set(hex(other.keys.publicKey), { deviceId: `device-${other.name}`, name: other.name, peerId })
    },
    revoke(other) {
      pinned.delete(hex(other.keys.publicKey))
    }
  }
}

/** Devices that all trust one another, as after pairing. */
export function pairedDevices(...names: string[]): TestDevice[] {
  const devices = names.map(newTestDevice)
  for (const device of devices) for (const other of devices) if (other !== device) device.pin(other)
  return devices
}

/** A logger that keeps its lines, so tests can check what a refusal said. */
export function recordingLogger(): SyncLogger & { lines: string[]; warnings: string[] } {
  const lines: string[] = []
  const warnings: string[] = []
  return {
    lines,
    warnings,
    info: (message) => lines.push(message),
    warn: (message) => {
      lines.push(message)
      warnings.push(message)
    }
  }
}
