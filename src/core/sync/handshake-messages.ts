import { cbor, type PeerId, type PeerMetadata } from '@automerge/automerge-repo'
import { z } from 'zod'
import { integrity } from '../../shared/errors.js'
import { sodium } from '../crypto/sodium.js'

/** Protocol name and version: in the greeting, the transcript hash and every signature. */
export const PROTOCOL = 'mevault-sync/1'
const GREETING_MAGIC = new TextEncoder().encode('MVS1')
const X25519_BYTES = 32
const ED25519_PUBLIC_BYTES = 32
const ED25519_SIGNATURE_BYTES = 64

export type Role = 'client' | 'server'

/** Greeting: magic and the sender's fresh X25519 key, the only unencrypted frame of a connection. */
export function encodeGreeting(ephemeralPublicKey: Uint8Array): Uint8Array {
  const out = new Uint8Array(GREETING_MAGIC.length + X25519_BYTES)
  out.set(GREETING_MAGIC, 0)
  out.set(ephemeralPublicKey, GREETING_MAGIC.length)
  return out
}

export function decodeGreeting(frame: Uint8Array): Uint8Array {
  const magicMatches = GREETING_MAGIC.every((byte, index) => frame[index] === byte)
  if (frame.length !== GREETING_MAGIC.length + X25519_BYTES || !magicMatches) {
    throw integrity('malformed greeting (not a MeVault sync peer, or another protocol version)')
  }
  return frame.slice(GREETING_MAGIC.length)
}

/** Hash of both greetings: what each side signs, so a signature cannot be replayed on another connection. */
export function transcriptHash(clientEphemeral: Uint8Array, serverEphemeral: Uint8Array): Uint8Array {
  const s = sodium()
  const state = s.crypto_generichash_init(null, 32)
  s.crypto_generichash_update(state, new TextEncoder().encode(PROTOCOL))
  s.crypto_generichash_update(state, clientEphemeral)
  s.crypto_generichash_update(state, serverEphemeral)
  return s.crypto_generichash_final(state, 32)
}

const announcementSchema = z.object({
  peerId: z.string().min(1).max(256),
  peerMetadata: z
    .object({ storageId: z.string().max(256).optional(), isEphemeral: z.boolean().optional(), firstCopy: z.boolean().optional() })
    .optional()
})

/**
 * automerge-repo's peer metadata, and `firstCopy`: the connection is only for a new device to
 * receive every record in one batch (first-copy-client.ts), never handed to a Repo.
 */
export type AnnouncedMetadata = PeerMetadata & { firstCopy?: boolean }

export interface Announcement {
  peerId: PeerId
  peerMetadata: AnnouncedMetadata
}

export interface SignedAnnouncement extends Announcement {
  devicePublicKey: Uint8Array
}

function signedBytes(role: Role, transcript: Uint8Array, payload: Uint8Array): Uint8Array {
  const label = new TextEncoder().encode(`${PROTOCOL} ${role} auth`)
  const out = new Uint8Array(label.length + transcript.length + payload.length)
  out.set(label, 0)
  out.set(transcript, label.length)
  out.set(payload, label.length + transcript.length)
  return out
}

/**
 * The authentication message: device public key || Ed25519 signature || CBOR {peerId, peerMetadata}.
 * The signature covers the role, the transcript hash and the announced peer id, proving that the holder
 * of the pinned device key takes part in this very connection under that peer id.
 */
export function encodeAuth(
  role: Role,
  transcript: Uint8Array,
  deviceKeys: { publicKey: Uint8Array; secretKey: Uint8Array },
  announcement: Announcement
): Uint8Array {
  const payload = cbor.encode({ peerId: announcement.peerId, peerMetadata: announcement.peerMetadata })
  const signature = sodium().crypto_sign_detached(signedBytes(role, transcript, payload), deviceKeys.secretKey)
  const out = new Uint8Array(ED25519_PUBLIC_BYTES + ED25519_SIGNATURE_BYTES + payload.length)
  out.set(deviceKeys.publicKey, 0)
  out.set(signature, ED25519_PUBLIC_BYTES)
  out.set(payload, ED25519_PUBLIC_BYTES + ED25519_SIGNATURE_BYTES)
  return out
}

/** Checks the other side's authentication message; throws INTEGRITY with the reason if it does not hold. */
export function decodeAuth(senderRole: Role, transcript: Uint8Array, body: Uint8Array): SignedAnnouncement {
  if (body.length <= ED25519_PUBLIC_BYTES + ED25519_SIGNATURE_BYTES) throw integrity('authentication message is truncated')
  const devicePublicKey = body.slice(0, ED25519_PUBLIC_BYTES)
  const signature = body.slice(ED25519_PUBLIC_BYTES, ED25519_PUBLIC_BYTES + ED25519_SIGNATURE_BYTES)
  const payload = body.slice(ED25519_PUBLIC_BYTES + ED25519_SIGNATURE_BYTES)
  let verified: boolean
  try {
    verified = sodium().crypto_sign_verify_detached(signature, signedBytes(senderRole, transcript, payload), devicePublicKey)
  } catch {
    verified = false
  }
  if (!verified) throw integrity('handshake signature does not verify with the presented device key')
  let parsed: z.infer<typeof announcementSchema>
  try {
    parsed = announcementSchema.parse(cbor.decode(payload))
  } catch {
    throw integrity('authentication message is malformed')
  }
  const peerMetadata: AnnouncedMetadata = {}
  if (parsed.peerMetadata?.storageId !== undefined) {
    peerMetadata.storageId = parsed.peerMetadata.storageId as PeerMetadata['storageId']
  }
  if (parsed.peerMetadata?.isEphemeral !== undefined) peerMetadata.isEphemeral = parsed.peerMetadata.isEphemeral
  if (parsed.peerMetadata?.firstCopy === true) peerMetadata.firstCopy = true
  return { devicePublicKey, peerId: parsed.peerId as PeerId, peerMetadata }
}
