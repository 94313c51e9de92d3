import { z } from 'zod'
import { integrity } from '../../shared/errors.js'
import { publicKeyFromDidKey } from '../crypto/did-key.js'
import { didOf, type SigningKeyPair } from '../crypto/identity.js'
import { loadSodium } from '../crypto/sodium.js'
import { decodeCompactJws, parseJsonObject, signCompactJws, verifyEd25519 } from '../crypto/jws.js'
import { claimNameSchema, didKeySchema, fieldPathSchema } from '../requests/request-schema.js'
import { RECEIPT_ID_PATTERN, type ReceiptPayload, openId4VpClientIdSchema } from './receipt.js'

/**
 * A withdrawal of consent: a compact JWS (EdDSA, kid = the person's did:key) addressed to the
 * requester (`aud`), naming the request and packet it withdraws consent for and what was
 * disclosed, as the packet named it: `paths` for lines asked by path, `claims` for lines asked by
 * claim (the requester never saw the person's own field names). The requester checks it like a
 * packet. See docs/ledger.md.
 */
export const WITHDRAWAL_TYP = 'mevault.withdrawal.v1+jwt'

export const withdrawalPayloadSchema = z.strictObject({
  iss: didKeySchema,
  /** The requester's did:key, or an OpenID4VP verifier's full client_id. */
  aud: z.union([didKeySchema, openId4VpClientIdSchema]),
  iat: z.number().int().min(0),
  receipt: z.string().regex(RECEIPT_ID_PATTERN),
  request: z.strictObject({ id: z.string(), sha256: z.string().regex(/^[0-9a-f]{64}$/), nonce: z.string() }),
  packet: z.strictObject({ sha256: z.string().regex(/^[0-9a-f]{64}$/) }),
  paths: z.array(fieldPathSchema),
  /** The claim names the packet carried (answers to requests that asked by claim). */
  claims: z.array(claimNameSchema).optional(),
  statement: z.string().max(1000)
})
export type WithdrawalPayload = z.infer<typeof withdrawalPayloadSchema>

const headerSchema = z.strictObject({ alg: z.literal('EdDSA'), typ: z.literal(WITHDRAWAL_TYP), kid: didKeySchema })

export function signWithdrawalNotice(receipt: ReceiptPayload, identity: SigningKeyPair, now: Date): string {
  const iss = didOf(identity)
  const payload: WithdrawalPayload = {
    iss,
    aud: receipt.requester.id,
    iat: Math.floor(now.getTime() / 1000),
    receipt: receipt.id,
    request: { ...receipt.request },
    packet: { sha256: receipt.packet.sha256 },
    ...disclosedAsPacketNamedThem(receipt),
    statement:
      `I withdraw my consent to your processing of the data I shared in answer to request ${receipt.request.id}. ` +
      'Please stop processing it and erase it.'
  }
  return signCompactJws({ alg: 'EdDSA', typ: WITHDRAWAL_TYP, kid: iss }, new TextEncoder().encode(JSON.stringify(payload)), identity.secretKey)
}

/** The disclosed lines under the names the packet gave them: claim names, and paths for lines asked by path. */
function disclosedAsPacketNamedThem(receipt: ReceiptPayload): Pick<WithdrawalPayload, 'paths' | 'claims'> {
  const byClaim = Object.entries(receipt.claims ?? {})
  const sentAsClaim = new Set(byClaim.map(([, path]) => path))
  const paths = receipt.disclosed.filter((path) => !sentAsClaim.has(path))
  return byClaim.length === 0 ? { paths } : { paths, claims: byClaim.map(([claim]) => claim) }
}

/** The requester's side: checks a notice's signature and shape; returns its payload or throws INTEGRITY. */
export async function verifyWithdrawalNotice(jws: string): Promise<WithdrawalPayload> {
  await loadSodium()
  const decoded = decodeCompactJws(jws.trim(), 'The withdrawal notice')
  const header = headerSchema.safeParse(decoded.header)
  if (!header.success) throw integrity(`The notice header is not {alg: EdDSA, typ: ${WITHDRAWAL_TYP}, kid}`)
  if (!verifyEd25519(decoded.signature, decoded.signingInput, publicKeyFromDidKey(header.data.kid))) {
    throw integrity('The notice signature does not hold')
  }
  const payload = withdrawalPayloadSchema.safeParse(parseJsonObject(decoded.payload, 'The notice payload'))
  if (!payload.success) throw integrity('The notice payload is not a valid withdrawal')
  if (payload.data.iss !== header.data.kid) throw integrity('The notice’s iss is not the key that signed it')
  return payload.data
}
