import { badInput } from '../../shared/errors.js'
import type { FieldView } from '../../shared/types.js'
import { didOf, type SigningKeyPair } from '../crypto/identity.js'
import { loadSodium, sodium } from '../crypto/sodium.js'
import type { Approval } from '../requests/decision.js'
import { addDuration, parseDuration } from '../requests/duration.js'
import { answeringFields } from '../requests/answering-fields.js'
import type { ParsedRequest } from '../requests/parse-request.js'
import { requestedKey } from '../requests/request-schema.js'
import { signCompactJws } from '../crypto/jws.js'
import { PACKET_TYP, type PacketHeader, type PacketPayload } from './packet-schema.js'

export interface BuildPacketInput {
  request: ParsedRequest
  /** The vault's fields, each with the claim it carries (FieldView.claim); only the approved ones are read. */
  fields: readonly FieldView[]
  approval: Approval
  /** The person's identity key; its did:key becomes kid and iss. */
  identity: SigningKeyPair
  now: Date
}

export interface BuiltPacket {
  /** The compact JWS to send back. */
  jws: string
  payload: PacketPayload
  /** Lowercase hex SHA-256 of the JWS text, for the ledger's receipt. */
  sha256: string
}

/**
 * Signs the answer to a request. The claims are exactly the approved keys, each re-checked here
 * against the request and the vault, so nothing else can leave even with a stale approval.
 */
export async function buildPacket(input: BuildPacketInput): Promise<BuiltPacket> {
  const { request: parsed, approval, identity, now } = input
  const { request } = parsed
  await loadSodium()
  if (approval.request.id !== request.id || approval.request.sha256 !== parsed.sha256) {
    throw badInput('This approval was given for a different request')
  }
  if (Date.parse(request.expiresAt) <= now.getTime()) {
    throw badInput(`The request expired at ${request.expiresAt}; it can no longer be answered`)
  }

  const requested = new Set(request.fields.map(requestedKey))
  // A claim line is answered by the field tagged with that claim, a path line by the field at that path.
  const answers = answeringFields(request.fields, input.fields)
  const claims: Record<string, string> = {}
  for (const key of approval.keys) {
    if (!requested.has(key)) throw badInput(`Cannot share ${JSON.stringify(key.slice(0, 80))}: the request did not ask for it`)
    const field = answers.get(key)
    if (!field) throw badInput(`Cannot share ${key}: it is not in your vault`)
    claims[key] = field.value
  }

  const iss = didOf(identity)
  const iat = Math.floor(now.getTime() / 1000)
  const exp = Math.floor(addDuration(new Date(iat * 1000), parseDuration(request.retention)).getTime() / 1000)
  const payload: PacketPayload = {
    iss,
    aud: request.requester.id,
    nonce: request.nonce,
    request: { id: request.id, sha256: parsed.sha256 },
    iat,
    exp,
    purpose: request.purpose,
    terms: {
      retention: request.retention,
      ...(request.compensation ? { compensation: request.compensation } : {}),
      ...(request.use ? { use: request.use } : {})
    },
    claims
  }
  const header: PacketHeader = { alg: 'EdDSA', typ: PACKET_TYP, kid: iss }
  const jws = signCompactJws(header, new TextEncoder().encode(JSON.stringify(payload)), identity.secretKey)
  return { jws, payload, sha256: sodium().to_hex(sodium().crypto_hash_sha256(new TextEncoder().encode(jws))) }
}
