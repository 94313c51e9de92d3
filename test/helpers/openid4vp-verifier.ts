import { X509Certificate, createPrivateKey, generateKeyPairSync, type KeyObject } from 'node:crypto'
import { createOpenid4vpAuthorizationRequest } from '@openid4vc/openid4vp'
import { SignJWT, type JWTHeaderParameters } from 'jose'
import { base58 } from '@scure/base'
import { didKeyFromPublicKey } from '../../src/core/crypto/did-key.js'

/** DER SPKI header of a compressed P-256 point (id-ecPublicKey, prime256v1, 33-byte bit string). */
const P256_SPKI_PREFIX = Buffer.from('3039301306072a8648ce3d020106082a8648ce3d030107032200', 'hex')

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

/** What a verifier learns from a presentation, after checking it as a HAIP verifier would. */
export interface CheckedPresentation {
  /** The disclosed claims, as @sd-jwt/sd-jwt-vc reconstructs them. */
  claims: Record<string, unknown>
  issuer: string
  kb: { aud: string; iat: number; nonce: string }
  /** Every disclosure presented, decoded: [salt, name, value]. */
  disclosures: [string, string, unknown][]
}

/**
 * Verifies an SD-JWT VC presentation with @sd-jwt/sd-jwt-vc (issuer signature by the did:key in
 * `iss`, KB-JWT by `cnf.jwk`, nonce, sd_hash), then checks what @sd-jwt/core 0.19 does not: the
 * KB-JWT's aud and iat, and that every presented disclosure is referenced by a digest.
 */
export async function checkPresentation(presentation: string, expected: { nonce: string; aud: string; now: number }): Promise<CheckedPresentation> {
  const { SDJwtVcInstance } = await import('@sd-jwt/sd-jwt-vc')
  const { digest } = await import('@sd-jwt/crypto-nodejs')
  const { createHash, createPublicKey, verify } = await import('node:crypto')
  const { publicKeyFromDidKey } = await import('../../src/core/crypto/did-key.js')
  const parts = presentation.split('~')
  const issuerJwt = parts[0] as string
  const issuerPayload = JSON.parse(Buffer.from(issuerJwt.split('.')[1] as string, 'base64url').toString('utf8')) as Record<string, unknown>
  const issuer = issuerPayload.iss as string
  const issuerKey = issuer.startsWith('did:key:zDn')
    ? createPublicKey({ key: Buffer.concat([P256_SPKI_PREFIX, Buffer.from(base58.decode(issuer.slice('did:key:z'.length)).subarray(2))]), format: 'der', type: 'spki' })
    : createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(publicKeyFromDidKey(issuer)).toString('base64url') }, format: 'jwk' })
  // EdDSA keys verify with no digest; P-256 with SHA-256 over the raw r||s form JWS uses.
  const check = (data: string, signature: string, key: KeyObject): boolean =>
    key.asymmetricKeyType === 'ec'
      ? verify('sha256', Buffer.from(data), { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(signature, 'base64url'))
      : verify(null, Buffer.from(data), key, Buffer.from(signature, 'base64url'))
  const instance = new SDJwtVcInstance({
    hasher: digest,
    verifier: (data: string, signature: string) => check(data, signature, issuerKey),
    kbVerifier: (data: string, signature: string, payload: Record<string, unknown>) =>
      check(data, signature, createPublicKey({ key: (payload.cnf as { jwk: Record<string, string> }).jwk, format: 'jwk' }))
  })
  const verified = await instance.verify(presentation, { keyBindingNonce: expected.nonce, currentDate: expected.now })
  const kb = verified.kb?.payload
  if (!kb) throw new Error('no key binding JWT')
  if (kb.aud !== expected.aud) throw new Error(`KB-JWT aud ${kb.aud} is not ${expected.aud}`)
  if (typeof kb.iat !== 'number' || Math.abs(kb.iat - expected.now) > 300) throw new Error('KB-JWT iat is missing or far from now')
  const encodedDisclosures = parts.slice(1, -1)
  const referenced = new Set<string>((issuerPayload._sd as string[] | undefined) ?? [])
  const disclosures = encodedDisclosures.map((encoded) => JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8')) as [string, string, unknown])
  for (const [, , value] of disclosures) {
    const nested = (value as { _sd?: string[] } | null)?._sd
    nested?.forEach((d) => referenced.add(d))
  }
  for (const encoded of encodedDisclosures) {
    const hash = createHash('sha256').update(encoded, 'ascii').digest('base64url')
    if (!referenced.has(hash)) throw new Error('a disclosure no digest references was presented')
  }
  const { iss: _iss, iat: _iat, vct: _vct, cnf: _cnf, _sd_alg: _alg, ...claims } = verified.payload as Record<string, unknown>
  return { claims, issuer, kb: { aud: kb.aud, iat: kb.iat, nonce: kb.nonce }, disclosures }
}
