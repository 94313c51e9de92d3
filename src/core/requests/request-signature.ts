import { publicKeyFromDidKey } from '../crypto/did-key.js'
import type { SigningKeyPair } from '../crypto/identity.js'
import { didOf } from '../crypto/identity.js'
import { loadSodium } from '../crypto/sodium.js'
import { type DecodedJws, signCompactJws, verifyEd25519 } from '../crypto/jws.js'

/**
 * A requester signs a request by wrapping it: the file is then a compact JWS whose payload is the
 * request JSON and whose header is {"alg":"EdDSA","typ":"mevault.request.v1+jws","kid":<did:key>}.
 * Wrapping (rather than a detached signature inside the JSON) needs no JSON canonicalisation:
 * any JOSE library can make and check it. See docs/formats/request.md.
 */
export const SIGNED_REQUEST_TYP = 'mevault.request.v1+jws'

/** Whether the requester's signature holds and who made it. */
export type RequestSignature =
  | { status: 'unsigned' }
  | { status: 'valid'; signer: string }
  | { status: 'invalid'; reason: string; signer?: string }

/** Wraps request JSON bytes in a JWS signed by the requester's key (for requesters and tests). */
export async function signRequest(requestJson: string | Uint8Array, requester: SigningKeyPair): Promise<string> {
  await loadSodium()
  const payload = typeof requestJson === 'string' ? new TextEncoder().encode(requestJson) : requestJson
  return signCompactJws({ alg: 'EdDSA', typ: SIGNED_REQUEST_TYP, kid: didOf(requester) }, payload, requester.secretKey)
}

/** Checks a decoded request JWS against the requester id the request names. Never throws. */
export function checkRequestSignature(jws: DecodedJws, requesterId: string): RequestSignature {
  const { alg, kid, typ } = jws.header
  if (alg !== 'EdDSA') return { status: 'invalid', reason: 'the signature is not EdDSA (Ed25519)' }
  if (typ !== undefined && typ !== SIGNED_REQUEST_TYP) {
    return { status: 'invalid', reason: `the signature header has typ "${String(typ).slice(0, 40)}", not ${SIGNED_REQUEST_TYP}` }
  }
  if (typeof kid !== 'string') return { status: 'invalid', reason: 'the signature header names no kid (did:key)' }
  let signerKey: Uint8Array
  try {
    signerKey = publicKeyFromDidKey(kid)
  } catch {
    return { status: 'invalid', reason: 'the signature kid is not an Ed25519 did:key' }
  }
  if (!verifyEd25519(jws.signature, jws.signingInput, signerKey)) {
    return { status: 'invalid', reason: 'the signature does not match the request' }
  }
  if (kid !== requesterId) {
    return { status: 'invalid', signer: kid, reason: 'signed by a different key than the requester id the request names' }
  }
  return { status: 'valid', signer: kid }
}
