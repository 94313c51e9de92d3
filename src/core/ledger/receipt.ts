import { z } from 'zod'
import { badInput, integrity, MeVaultError } from '../../shared/errors.js'
import { publicKeyFromDidKey } from '../crypto/did-key.js'
import { didOf, type SigningKeyPair } from '../crypto/identity.js'
import { loadSodium } from '../crypto/sodium.js'
import { decodeCompactJws, parseJsonObject, signCompactJws, verifyEd25519 } from '../crypto/jws.js'
import {
  claimNameSchema,
  compensationSchema,
  declaredUseSchema,
  didKeySchema,
  fieldPathSchema,
  requestSchema,
  retentionSchema
} from '../requests/request-schema.js'

/**
 * A receipt is a compact JWS (EdDSA, kid = the person's did:key) over the payload below, so it
 * can be checked with any JOSE library, like a packet. It names paths, never values.
 */
export const RECEIPT_TYP = 'mevault.receipt.v1+jwt'

export const RECEIPT_ID_PATTERN = /^rc-\d{4}-\d{2}-[0-9a-f]{16}$/

/** What a request calls a line: a claim name or a vault path (receipts before claims hold paths only). */
const requestedKeySchema = z.union([fieldPathSchema, claimNameSchema])

const receiptHeaderSchema = z.strictObject({ alg: z.literal('EdDSA'), typ: z.literal(RECEIPT_TYP), kid: didKeySchema })

/**
 * Who asked, by the protocol the request came in: a MeVault request names its requester by
 * did:key; an OpenID4VP verifier by its full client_id ("decentralized_identifier:did:web:…",
 * "x509_san_dns:…", "redirect_uri:https://…").
 */
export const openId4VpClientIdSchema = z.string().min(1).max(2048).regex(/^(?:redirect_uri|decentralized_identifier|x509_san_dns):\S+$/)

export const receiptPayloadSchema = z
  .strictObject({
    id: z.string().regex(RECEIPT_ID_PATTERN),
    iss: didKeySchema,
    iat: z.number().int().min(0),
    /** Absent: a mevault.request/1 answered with a packet; openid4vp: an OpenID4VP request answered with an SD-JWT VC. */
    protocol: z.literal('openid4vp').optional(),
    outcome: z.enum(['shared', 'partly-shared', 'refused']),
    request: z.strictObject({
      id: requestSchema.shape.id,
      sha256: z.string().regex(/^[0-9a-f]{64}$/),
      nonce: z.string().min(1).max(512)
    }),
    requester: z.strictObject({ name: z.string().max(120), id: z.union([didKeySchema, openId4VpClientIdSchema]), url: z.string().max(2048) }),
    purpose: z.string().max(1000),
    /** An OpenID4VP request states no retention: then it is absent, and shown as not stated. */
    terms: z.strictObject({ retention: retentionSchema.optional(), compensation: compensationSchema.optional(), use: declaredUseSchema.optional() }),
    /** Vault paths whose values left. */
    disclosed: z.array(fieldPathSchema),
    /** For disclosed lines the request asked by claim: claim name → the vault path that answered it. */
    claims: z.record(claimNameSchema, fieldPathSchema).optional(),
    refused: z.array(requestedKeySchema),
    missing: z.array(requestedKeySchema),
    /** sealed: encrypted to the requester (a sealed packet, or a direct_post.jwt answer). */
    packet: z.strictObject({ sha256: z.string().regex(/^[0-9a-f]{64}$/), sealed: z.boolean() }),
    at: z.iso.datetime(),
    device: z.strictObject({ id: z.string().max(200), name: z.string().max(200) }),
    repeatOf: z.string().regex(RECEIPT_ID_PATTERN).optional()
  })
  .superRefine((payload, ctx) => {
    // A MeVault request's receipt keeps what its format guarantees: a did:key requester, a nonce and a retention.
    if (payload.protocol !== undefined) return
    if (!didKeySchema.safeParse(payload.requester.id).success) ctx.addIssue({ code: 'custom', message: 'requester.id must be a did:key', path: ['requester', 'id'] })
    if (!requestSchema.shape.nonce.safeParse(payload.request.nonce).success) ctx.addIssue({ code: 'custom', message: 'bad nonce', path: ['request', 'nonce'] })
    if (payload.terms.retention === undefined) ctx.addIssue({ code: 'custom', message: 'retention is missing', path: ['terms', 'retention'] })
  })

export type ReceiptPayload = z.infer<typeof receiptPayloadSchema>

/** Signs a receipt payload with the person's identity; `iss` must be that identity. */
export function signReceipt(payload: ReceiptPayload, identity: SigningKeyPair): string {
  const kid = didOf(identity)
  if (payload.iss !== kid) throw badInput('A receipt is signed by its issuer')
  return signCompactJws({ alg: 'EdDSA', typ: RECEIPT_TYP, kid }, new TextEncoder().encode(JSON.stringify(payload)), identity.secretKey)
}

/** Reads a stored receipt without checking the signature (listing 10k receipts must stay fast). */
export function decodeReceipt(jws: string): ReceiptPayload {
  try {
    const decoded = decodeCompactJws(jws, 'The receipt')
    const payload = receiptPayloadSchema.safeParse(parseJsonObject(decoded.payload, 'The receipt payload'))
    if (!payload.success) throw integrity('A stored receipt is not a valid mevault.receipt/1')
    return payload.data
  } catch (error) {
    if (error instanceof MeVaultError && error.code === 'BAD_INPUT') throw integrity(`A stored receipt is damaged: ${error.message}`, error)
    throw error
  }
}

/**
 * Checks a receipt's signature, header and payload; returns the payload. When `issuer` is given
 * (the vault's did), a receipt signed by anyone else is refused. Throws INTEGRITY.
 */
export async function verifyReceipt(jws: string, issuer?: string): Promise<ReceiptPayload> {
  await loadSodium()
  const decoded = decodeCompactJws(jws, 'The receipt')
  const header = receiptHeaderSchema.safeParse(decoded.header)
  if (!header.success) throw integrity(`The receipt header is not {alg: EdDSA, typ: ${RECEIPT_TYP}, kid}`)
  if (!verifyEd25519(decoded.signature, decoded.signingInput, publicKeyFromDidKey(header.data.kid))) {
    throw integrity('The receipt signature does not hold: it was altered or signed by another key')
  }
  const payload = decodeReceipt(jws)
  if (payload.iss !== header.data.kid) throw integrity('The receipt’s iss is not the key that signed it')
  if (issuer !== undefined && payload.iss !== issuer) throw integrity('The receipt was signed by another identity than this vault’s')
  return payload
}
