import { z } from 'zod'
import { badInput, integrity } from '../../shared/errors.js'
import { loadSodium, sodium } from '../crypto/sodium.js'
import type { DataRequest } from '../requests/request-schema.js'
import { didKeySchema, KEY32_BASE64URL_PATTERN } from '../requests/request-schema.js'
import { decodeUtf8, fromBase64url, parseJsonObject, toBase64url } from '../crypto/jws.js'

/**
 * A packet sealed to the requester's X25519 key with libsodium's crypto_box_seal (an anonymous
 * sealed box: X25519 + XSalsa20-Poly1305 with a fresh ephemeral key). Only the holder of the
 * requester's X25519 secret key can open it; the JWS inside still proves who wrote it.
 */
export const SEALED_PACKET_TYPE = 'mevault.sealed-packet/1'

const sealedPacketSchema = z.strictObject({
  type: z.literal(SEALED_PACKET_TYPE),
  /** The requester's did:key, so the recipient knows the envelope is meant for them. */
  to: didKeySchema,
  /** The X25519 public key it is sealed to (base64url), as the request gave it. */
  recipientKey: z.string().regex(KEY32_BASE64URL_PATTERN),
  /** base64url(crypto_box_seal(UTF-8 bytes of the compact JWS, recipientKey)). */
  ciphertext: z.string().regex(/^[A-Za-z0-9_-]+$/)
})
export type SealedPacket = z.infer<typeof sealedPacketSchema>

/** Seals a packet to the X25519 key the request names; returns the envelope as JSON text. */
export async function sealPacket(jws: string, request: DataRequest): Promise<string> {
  const recipientKey = request.requester.publicKey
  if (!recipientKey) throw badInput('The request gives no publicKey to seal the answer to')
  await loadSodium()
  const ciphertext = sodium().crypto_box_seal(new TextEncoder().encode(jws), fromBase64url(recipientKey, 'publicKey'))
  const envelope: SealedPacket = {
    type: SEALED_PACKET_TYPE,
    to: request.requester.id,
    recipientKey,
    ciphertext: toBase64url(ciphertext)
  }
  return `${JSON.stringify(envelope, null, 2)}\n`
}

/** The requester's side: opens an envelope with their X25519 key pair and returns the packet (JWS). */
export async function openSealedPacket(
  envelopeText: string | Uint8Array,
  keyPair: { publicKey: Uint8Array; privateKey: Uint8Array }
): Promise<string> {
  await loadSodium()
  const bytes = typeof envelopeText === 'string' ? new TextEncoder().encode(envelopeText) : envelopeText
  const parsed = sealedPacketSchema.safeParse(parseJsonObject(bytes, 'The sealed packet'))
  if (!parsed.success) throw badInput(`Not a ${SEALED_PACKET_TYPE} envelope`)
  const envelope = parsed.data
  if (envelope.recipientKey !== toBase64url(keyPair.publicKey)) {
    throw badInput('This packet is sealed to another X25519 key')
  }
  const ciphertext = fromBase64url(envelope.ciphertext, 'The sealed ciphertext')
  let plaintext: Uint8Array
  try {
    plaintext = sodium().crypto_box_seal_open(ciphertext, keyPair.publicKey, keyPair.privateKey)
  } catch (error) {
    throw integrity('The sealed packet does not open with this key: it was altered or is not meant for it', error)
  }
  return decodeUtf8(plaintext, 'The sealed packet')
}
