import { CompactEncrypt, importJWK, type JWK } from 'jose'
import { badInput } from '../../../shared/errors.js'
import type { AuthorizationRequest } from './authorization-request.js'

/**
 * The body posted to the verifier's response_uri (OpenID4VP 1.0 §8.2, §8.3), always
 * application/x-www-form-urlencoded:
 *  - `direct_post`: `vp_token` (a JSON object from each answered credential query's id to its
 *    presentations) and the request's `state` when it had one;
 *  - `direct_post.jwt`: one parameter, `response`, a JWE of those parameters as JSON, encrypted
 *    (ECDH-ES) to an encryption key from the verifier's client_metadata `jwks`, with an `enc` it
 *    lists in `encrypted_response_enc_values_supported` (A128GCM when it lists none).
 */
export const DIRECT_POST_CONTENT_TYPE = 'application/x-www-form-urlencoded'
const SUPPORTED_ENC = ['A128GCM', 'A256GCM']

export async function directPostBody(
  request: Pick<AuthorizationRequest, 'responseMode' | 'state' | 'clientMetadata'>,
  presentations: Readonly<Record<string, readonly string[]>>
): Promise<string> {
  const form = new URLSearchParams()
  if (request.responseMode === 'direct_post') {
    form.set('vp_token', JSON.stringify(presentations))
    if (request.state !== undefined) form.set('state', request.state)
    return form.toString()
  }
  const parameters = { vp_token: presentations, ...(request.state === undefined ? {} : { state: request.state }) }
  form.set('response', await encryptedResponse(parameters, request.clientMetadata))
  return form.toString()
}

async function encryptedResponse(parameters: Record<string, unknown>, metadata: Record<string, unknown> | undefined): Promise<string> {
  const keys = (metadata?.jwks as { keys?: unknown } | undefined)?.keys
  const candidates = Array.isArray(keys) ? (keys as JWK[]) : []
  const jwk = candidates.find(
    (key) => typeof key === 'object' && key !== null && (key.use === undefined || key.use === 'enc') &&
      (key.alg === undefined || key.alg === 'ECDH-ES') &&
      ((key.kty === 'EC' && key.crv === 'P-256') || (key.kty === 'OKP' && key.crv === 'X25519'))
  )
  if (!jwk) throw badInput('the verifier asks for an encrypted answer (direct_post.jwt) but lists no P-256 or X25519 key for ECDH-ES in its client_metadata')
  const listed = metadata?.encrypted_response_enc_values_supported
  const enc = Array.isArray(listed) ? SUPPORTED_ENC.find((value) => listed.includes(value)) : 'A128GCM'
  if (!enc) throw badInput(`the verifier accepts only ${String(listed).slice(0, 60)} for the encrypted answer; MeVault uses A128GCM or A256GCM`)
  let key: Awaited<ReturnType<typeof importJWK>>
  try {
    key = await importJWK({ ...jwk, alg: 'ECDH-ES' }, 'ECDH-ES')
  } catch {
    throw badInput('the verifier’s encryption key in client_metadata is not a usable key')
  }
  return new CompactEncrypt(new TextEncoder().encode(JSON.stringify(parameters)))
    .setProtectedHeader({ alg: 'ECDH-ES', enc, ...(typeof jwk.kid === 'string' ? { kid: jwk.kid } : {}) })
    .encrypt(key)
}
