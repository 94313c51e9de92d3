import { createHash, sign } from 'node:crypto'
import { badInput } from '../../../shared/errors.js'
import { didOf, type SigningKeyPair } from '../../crypto/identity.js'
import { signCompactJws, toBase64url } from '../../crypto/jws.js'
import { p256KeyFromIdentity } from '../../crypto/p256-key.js'
import { sodium } from '../../crypto/sodium.js'
import { MEVAULT_VCT, setClaim } from './dcql-evaluation.js'

/**
 * The answer to an OpenID4VP request: an SD-JWT VC (RFC 9901, SD-JWT VC draft; `typ` dc+sd-jwt)
 * issued by the person's own did:key, so it proves who signed and that nothing changed, not that
 * the statements are true. Every personal claim is a disclosure of its own with a 128-bit salt;
 * `address` is itself disclosable, with each member disclosable inside it, so presenting the
 * city shows neither the street nor that there is one. Holder binding: `cnf.jwk` is the same
 * key, and the Key Binding JWT carries the request's nonce, the full client_id as aud, iat and
 * sd_hash. Only the disclosures the person approved are presented. EdDSA by default; ES256 with
 * the person's derived P-256 key (crypto/p256-key.ts) for verifiers that take only that.
 */
export const SD_JWT_VC_TYP = 'dc+sd-jwt'
export const KB_JWT_TYP = 'kb+jwt'
const SALT_BYTES = 16

export interface PresentationInput {
  /** Claim name (vocabulary) → the value as it goes into the credential. */
  claims: ReadonlyMap<string, unknown>
  /** The claim names the person approved: a subset of `claims`' names. */
  approved: readonly string[]
  nonce: string
  /** The full client_id, prefix included. */
  audience: string
  person: SigningKeyPair
  /** Seconds since the epoch. */
  now?: number
  /** EdDSA (the person's Ed25519 did:key) unless the verifier accepts only ES256 (their P-256 did:key). */
  alg?: SigningAlgorithm
}

export type SigningAlgorithm = 'EdDSA' | 'ES256'

/** Who signs: the issuer's did and key id, the holder's public JWK, and a JWS signer. */
interface Signer {
  did: string
  kid: string
  jwk: Record<string, string>
  sign(header: Record<string, unknown>, payload: Record<string, unknown>): string
}

function signerFor(person: SigningKeyPair, alg: SigningAlgorithm): Signer {
  const encode = (value: unknown): string => toBase64url(new TextEncoder().encode(JSON.stringify(value)))
  if (alg === 'ES256') {
    const key = p256KeyFromIdentity(person.secretKey)
    return {
      did: key.did,
      kid: `${key.did}#${key.did.slice('did:key:'.length)}`,
      jwk: key.publicJwk,
      sign: (header, payload) => {
        const input = `${encode({ ...header, alg: 'ES256' })}.${encode(payload)}`
        const signature = sign('sha256', Buffer.from(input, 'ascii'), { key: key.privateKey, dsaEncoding: 'ieee-p1363' })
        return `${input}.${toBase64url(signature)}`
      }
    }
  }
  const did = didOf(person)
  return {
    did,
    kid: `${did}#${did.slice('did:key:'.length)}`,
    jwk: { kty: 'OKP', crv: 'Ed25519', x: toBase64url(person.publicKey) },
    sign: (header, payload) => signCompactJws({ ...header, alg: 'EdDSA' }, new TextEncoder().encode(JSON.stringify(payload)), person.secretKey)
  }
}

interface Disclosure {
  encoded: string
  digest: string
}

/** The SD-JWT VC with only the approved disclosures, ending in its KB-JWT. */
export function presentSdJwtVc(input: PresentationInput): string {
  for (const name of input.approved) {
    if (!input.claims.has(name)) throw badInput(`the claim ${name} is not part of this answer`)
  }
  const now = input.now ?? Math.floor(Date.now() / 1000)
  const signer = signerFor(input.person, input.alg ?? 'EdDSA')
  const approved = new Set(input.approved)
  const presented: string[] = []
  const payload: Record<string, unknown> = {
    iss: signer.did,
    iat: now,
    vct: MEVAULT_VCT,
    cnf: { jwk: signer.jwk },
    _sd_alg: 'sha-256'
  }
  // Address members are disclosed inside a disclosable address object; the rest at the top.
  const topLevel: Record<string, unknown> = {}
  for (const [name, value] of input.claims) setClaim(topLevel, name, value)
  const topDigests: string[] = []
  for (const [name, value] of Object.entries(topLevel)) {
    if (name === 'address' && typeof value === 'object' && value !== null) {
      const memberDigests: string[] = []
      let anyMemberApproved = false
      for (const [member, memberValue] of Object.entries(value as Record<string, unknown>)) {
        const disclosure = disclose(member, memberValue)
        memberDigests.push(disclosure.digest)
        if (approved.has(`address.${member}`)) {
          presented.push(disclosure.encoded)
          anyMemberApproved = true
        }
      }
      const address = disclose('address', { _sd: memberDigests.sort() })
      topDigests.push(address.digest)
      if (anyMemberApproved) presented.unshift(address.encoded)
      continue
    }
    const disclosure = disclose(name, value)
    topDigests.push(disclosure.digest)
    if (approved.has(name)) presented.push(disclosure.encoded)
  }
  payload._sd = topDigests.sort()
  const issuerJwt = signer.sign({ typ: SD_JWT_VC_TYP, kid: signer.kid }, payload)
  const sdJwt = `${[issuerJwt, ...presented].join('~')}~`
  const kbPayload = { iat: now, aud: input.audience, nonce: input.nonce, sd_hash: sha256(sdJwt) }
  const kbJwt = signer.sign({ typ: KB_JWT_TYP }, kbPayload)
  return `${sdJwt}${kbJwt}`
}

function disclose(name: string, value: unknown): Disclosure {
  const salt = toBase64url(sodium().randombytes_buf(SALT_BYTES))
  const encoded = toBase64url(new TextEncoder().encode(JSON.stringify([salt, name, value])))
  return { encoded, digest: sha256(encoded) }
}

/** base64url(SHA-256(ASCII(text))): a disclosure's digest, and the KB-JWT's sd_hash. */
export function sha256(text: string): string {
  return toBase64url(createHash('sha256').update(text, 'ascii').digest())
}
