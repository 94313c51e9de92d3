import { loadSodium, sodium } from '../core/crypto/sodium.js'
import { signRequest as signRequestJson } from '../core/requests/request-signature.js'
import type { DataRequest } from '../core/requests/request-schema.js'
import { badInput } from '../shared/errors.js'
import type { RequesterKeys } from './keys.js'

export interface SignedRequest {
  /** The file to publish: a compact JWS whose payload is the request JSON (docs/formats/request.md). */
  text: string
  /** SHA-256 (hex) of that text: every answer to it repeats this, so it names the request. */
  sha256: string
  request: DataRequest
}

/** Signs a request with the requester's Ed25519 key, header {alg: EdDSA, typ: mevault.request.v1+jws, kid}. */
export async function signRequest(request: DataRequest, keys: RequesterKeys): Promise<SignedRequest> {
  if (request.requester.id !== keys.id) throw badInput('The request names another requester id than these keys have')
  await loadSodium()
  const text = await signRequestJson(JSON.stringify(request, null, 2), keys.signing)
  return { text, sha256: sodium().to_hex(sodium().crypto_hash_sha256(new TextEncoder().encode(text))), request }
}

/**
 * The link a person's MeVault opens: `mevault://request?request_uri=<address of the signed file>`,
 * as OpenID's request_uri passes a request by reference.
 */
export function requestLink(requestUri: string): string {
  return `mevault://request?request_uri=${encodeURIComponent(requestUri)}`
}
