import type { DocHandle } from '@automerge/automerge-repo'
import { sodium } from '../crypto/sodium.js'
import { type DevicesDoc, peerIdOf } from '../devices/device-list.js'
import type { Vault } from '../vault/vault.js'
import type { PeerTrust } from './peer-trust.js'

/**
 * The pin store sync asks on every handshake: a device key is trusted while its entry is in the
 * list and not revoked. Reads the live document, so a revocation (local or synced in) applies at
 * the next handshake. A revocation wins over any concurrent edit of the entry: `revokedAt` is
 * only ever set, never cleared.
 */
export function trustFromDevices(vault: Vault, handle: DocHandle<DevicesDoc>): PeerTrust {
  return (publicKey) => {
    const hex = sodium().to_hex(publicKey)
    for (const [id, entry] of Object.entries(handle.doc())) {
      if (entry.publicKey !== hex || entry.revokedAt || id === vault.device.id) continue
      return { deviceId: id, peerId: peerIdOf(id) }
    }
    return undefined
  }
}
