import { createPrivateKey, randomBytes, type KeyObject } from 'node:crypto'
import { exportJWK, generateKeyPair, SignJWT } from 'jose'
import { toBase64url } from '../../core/crypto/jws.js'
import { addDuration, parseDuration } from '../../core/requests/duration.js'
import { badInput } from '../../shared/errors.js'
import { didWebOf, parseHttpsUrl } from '../did-web.js'
import type { RequesterKeys } from '../keys.js'
import type { RequesterProfile } from '../make-request.js'
import { type ClaimsWanted, personDcqlQuery } from './dcql-query.js'
import { PENDING_TYPE, type PendingRequest } from './pending-request.js'

/**
 * An OpenID4VP 1.0 authorization request (docs/requester-kit.md, "OpenID4VP"): response_type
 * vp_token, direct_post or direct_post.jwt to `responseUri`, a fresh 256-bit nonce and state, and
 * a DCQL query for MeVault's SD-JWT VC. Two kinds of verifier:
 *  - `decentralized_identifier:did:web:HOST` (default): a signed request object (JAR, `typ`
 *    oauth-authz-req+jwt, EdDSA with the requester's signing key, `kid` did:web:HOST#key-1, the key
 *    its did.json already lists under assertionMethod), so a wallet shows the domain as verified;
 *  - `redirect_uri:<responseUri>`: unsigned, by value, shown as an unverified host (for trying).
 * For direct_post.jwt a fresh P-256 key per request goes into client_metadata.jwks (use enc,
 * ECDH-ES); its private half stays in the pending state.
 */
export type ClientIdPrefix = 'decentralized_identifier' | 'redirect_uri'
export type ResponseMode = 'direct_post' | 'direct_post.jwt'

export interface OpenId4VpRequestOptions extends ClaimsWanted {
  requester: RequesterProfile
  responseUri: string
  responseMode?: ResponseMode
  clientIdPrefix?: ClientIdPrefix
  /** Where the signed request object will be served (for the by-reference link). */
  requestUri?: string
  /** How long the request stays answerable, ISO 8601 (default PT10M: a nonce is for one sitting). */
  expiresIn?: string
  now?: Date
}

export interface OpenId4VpRequest {
  /** The request parameters (what the signed object carries, or the unsigned link). */
  parameters: Record<string, unknown>
  /** The signed request object (compact JWS), for a did:web verifier. */
  requestObject?: string
  /** `openid4vp://?client_id=…&request_uri=…`, when signed and a requestUri was given. */
  link?: string
  /** The whole request in the link: `request=<JWT>` when signed, every parameter when not. */
  byValueLink: string
  /** What the verifier keeps to check the answer (secret when it holds the encryption key). */
  pending: PendingRequest
}

export const REQUEST_OBJECT_TYP = 'oauth-authz-req+jwt'
/** The audience OpenID4VP §5.8 gives a request object when the wallet's metadata is not known. */
export const SELF_ISSUED_AUDIENCE = 'https://self-issued.me/v2'
const SIGNING_ALG_VALUES = ['EdDSA', 'ES256']
const ENC_VALUES = ['A128GCM', 'A256GCM']

export async function makeOpenId4VpRequest(options: OpenId4VpRequestOptions): Promise<OpenId4VpRequest> {
  const now = options.now ?? new Date()
  const prefix = options.clientIdPrefix ?? 'decentralized_identifier'
  const responseMode = options.responseMode ?? 'direct_post'
  if (responseMode !== 'direct_post' && responseMode !== 'direct_post.jwt') {
    throw badInput('The response mode must be direct_post or direct_post.jwt')
  }
  const responseUri = parseHttpsUrl(options.responseUri).href
  const clientId = prefix === 'redirect_uri' ? `redirect_uri:${responseUri}` : `decentralized_identifier:${didWebOf(options.requester.url)}`
  const dcqlQuery = personDcqlQuery(options)
  const expiresAt = addDuration(now, parseDuration(options.expiresIn ?? 'PT10M'))
  const nonce = toBase64url(randomBytes(32))
  const state = toBase64url(randomBytes(32))

  let encryptionKey: Record<string, unknown> | undefined
  const clientMetadata: Record<string, unknown> = {
    vp_formats_supported: { 'dc+sd-jwt': { 'sd-jwt_alg_values': SIGNING_ALG_VALUES, 'kb-jwt_alg_values': SIGNING_ALG_VALUES } }
  }
  if (responseMode === 'direct_post.jwt') {
    const pair = await generateKeyPair('ECDH-ES', { crv: 'P-256', extractable: true })
    // The kid names the request, so an encrypted answer finds its key (and its state) before opening.
    const kid = state
    encryptionKey = { ...(await exportJWK(pair.privateKey)), kid, alg: 'ECDH-ES', use: 'enc' }
    clientMetadata.jwks = { keys: [{ ...(await exportJWK(pair.publicKey)), kid, alg: 'ECDH-ES', use: 'enc' }] }
    clientMetadata.encrypted_response_enc_values_supported = ENC_VALUES
  }
  const parameters: Record<string, unknown> = {
    client_id: clientId,
    response_type: 'vp_token',
    response_mode: responseMode,
    response_uri: responseUri,
    nonce,
    state,
    dcql_query: dcqlQuery,
    client_metadata: clientMetadata
  }
  const pending: PendingRequest = {
    type: PENDING_TYPE,
    state,
    nonce,
    clientId,
    responseUri,
    responseMode,
    dcqlQuery: dcqlQuery as Record<string, unknown>,
    createdAt: now.toISOString(),
    expiresAt: expiresAt.toISOString(),
    ...(encryptionKey ? { encryptionKey } : {})
  }

  if (prefix === 'redirect_uri') {
    return { parameters, pending, byValueLink: openid4vpLink(parameters) }
  }
  const requestObject = await signRequestObject(parameters, options.requester, now, expiresAt)
  return {
    parameters,
    requestObject,
    pending,
    byValueLink: openid4vpLink({ client_id: clientId, request: requestObject }),
    ...(options.requestUri ? { link: openid4vpLink({ client_id: clientId, request_uri: parseHttpsUrl(options.requestUri).href }) } : {})
  }
}

/** `openid4vp://?…`; object-valued parameters (dcql_query, client_metadata) as JSON. */
export function openid4vpLink(parameters: Record<string, unknown>): string {
  const query = new URLSearchParams()
  for (const [name, value] of Object.entries(parameters)) query.set(name, typeof value === 'string' ? value : JSON.stringify(value))
  return `openid4vp://?${query.toString()}`
}

/**
 * No `iss`: RFC 9101 makes it optional, wallets go by client_id, and an `iss` holding the whole
 * client_id (prefix included) is refused by verifiers' libraries that expect the bare DID there.
 */
async function signRequestObject(parameters: Record<string, unknown>, requester: RequesterProfile, now: Date, expiresAt: Date): Promise<string> {
  const did = didWebOf(requester.url)
  return new SignJWT(parameters)
    .setProtectedHeader({ alg: 'EdDSA', typ: REQUEST_OBJECT_TYP, kid: `${did}#key-1` })
    .setAudience(SELF_ISSUED_AUDIENCE)
    .setIssuedAt(Math.floor(now.getTime() / 1000))
    .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
    .sign(ed25519PrivateKey(requester.keys))
}

/** The requester's Ed25519 signing key as a KeyObject jose signs with (libsodium keeps seed || public). */
function ed25519PrivateKey(keys: RequesterKeys): KeyObject {
  const seed = keys.signing.secretKey.subarray(0, 32)
  return createPrivateKey({
    key: { kty: 'OKP', crv: 'Ed25519', d: Buffer.from(seed).toString('base64url'), x: Buffer.from(keys.signing.publicKey).toString('base64url') },
    format: 'jwk'
  })
}
