import { X509Certificate, createPrivateKey, generateKeyPairSync, type KeyObject } from 'node:crypto'
import { createOpenid4vpAuthorizationRequest } from '@openid4vc/openid4vp'
import { SignJWT, type JWTHeaderParameters } from 'jose'
import { didKeyFromPublicKey } from '../../src/core/crypto/did-key.js'

/**
 * A verifier built from code MeVault did not write: `@openid4vc/openid4vp` makes the authorization
 * request (link, request object, request_uri), and jose signs it with the verifier's key.
 */
export type VerifierSigner =
  | { method: 'did'; didUrl: string; privateKey: KeyObject; alg: 'EdDSA' }
  | { method: 'x5c'; x5c: string[]; privateKey: KeyObject; alg: 'ES256' }

export interface MadeRequest {
  /** The openid4vp:// link a person would open. */
  link: string
  /** The signed request object, when there is one (to serve at a request_uri). */
  requestObject?: string
}

export async function makeAuthorizationRequest(
  payload: Record<string, unknown>,
  options: { signer?: VerifierSigner; requestUri?: string } = {}
): Promise<MadeRequest> {
  const signer = options.signer
  const made = await createOpenid4vpAuthorizationRequest({
    authorizationRequestPayload: payload as Parameters<typeof createOpenid4vpAuthorizationRequest>[0]['authorizationRequestPayload'],
    ...(signer
      ? {
          jar: {
            expiresInSeconds: 300,
            ...(options.requestUri ? { requestUri: options.requestUri } : {}),
            jwtSigner: signer.method === 'did'
              ? { method: 'did', didUrl: signer.didUrl, alg: signer.alg }
              : { method: 'x5c', x5c: signer.x5c, alg: signer.alg }
          }
        }
      : {}),
    callbacks: {
      signJwt: async (_signer, jwt) => ({
        jwt: await new SignJWT(jwt.payload as Record<string, unknown>).setProtectedHeader(jwt.header as JWTHeaderParameters).sign(signer!.privateKey),
        signerJwk: { kty: 'OKP' }
      }),
      encryptJwe: () => {
        throw new Error('not used')
      }
    }
  })
  return { link: made.authorizationRequest, ...(made.jar ? { requestObject: made.jar.authorizationRequestJwt } : {}) }
}

/** A verifier's own did:key (Ed25519), and the signer for it. */
export function didKeyVerifier(): { did: string; signer: Extract<VerifierSigner, { method: 'did' }>; publicKey: KeyObject } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519')
  const raw = Buffer.from(publicKey.export({ format: 'jwk' }).x as string, 'base64url')
  const did = didKeyFromPublicKey(raw)
  return { did, publicKey, signer: { method: 'did', didUrl: `${did}#${did.slice('did:key:'.length)}`, privateKey, alg: 'EdDSA' } }
}

/** An x5c signer from a PEM key and certificate (the test CA's server certificate). */
export function x5cVerifier(keyPem: string, certPem: string): VerifierSigner {
  const der = new X509Certificate(certPem).raw.toString('base64')
  return { method: 'x5c', x5c: [der], privateKey: createPrivateKey(keyPem), alg: 'ES256' }
}

/** A DCQL query for MeVault's type asking for `claims` (paths). */
export function personQuery(claims: readonly (readonly string[])[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    credentials: [
      {
        id: 'person',
        format: 'dc+sd-jwt',
        meta: { vct_values: ['urn:mevault:person:1'] },
        claims: claims.map((path) => ({ path: [...path] })),
        ...extra
      }
    ]
  }
}
