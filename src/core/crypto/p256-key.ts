import { createECDH, createPrivateKey, hkdfSync, type KeyObject } from 'node:crypto'
import { base58 } from '@scure/base'

/**
 * The person's P-256 key, for verifiers that accept only ES256 (OpenID4VC HAIP). Derived from the
 * identity key's seed with HKDF-SHA256 under its own label, so it needs no storage of its own and
 * every device with the identity has it; it signs nothing but OpenID4VP answers. Its did:key
 * (`did:key:zDn…`, multicodec p256-pub, compressed point) is the issuer of ES256 credentials.
 */
const LABEL = 'mevault/openid4vp/es256/v1'
const P256_ORDER = BigInt('0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551')
const P256_PUB_PREFIX = Uint8Array.of(0x80, 0x24)

export interface P256Key {
  privateKey: KeyObject
  publicJwk: { kty: 'EC'; crv: 'P-256'; x: string; y: string }
  did: string
}

/** `secretKey`: libsodium's 64-byte Ed25519 form (seed || public key). */
export function p256KeyFromIdentity(secretKey: Uint8Array): P256Key {
  const seed = secretKey.subarray(0, 32)
  for (let counter = 0; ; counter += 1) {
    const candidate = Buffer.from(hkdfSync('sha256', seed, new Uint8Array(0), `${LABEL}/${counter}`, 32))
    const scalar = BigInt(`0x${candidate.toString('hex')}`)
    // A scalar outside [1, n-1] is not a key (chance about 2^-32): take the next one.
    if (scalar === 0n || scalar >= P256_ORDER) continue
    const ecdh = createECDH('prime256v1')
    ecdh.setPrivateKey(candidate)
    const point = ecdh.getPublicKey()
    const x = point.subarray(1, 33).toString('base64url')
    const y = point.subarray(33, 65).toString('base64url')
    const d = candidate.toString('base64url')
    const privateKey = createPrivateKey({ key: { kty: 'EC', crv: 'P-256', x, y, d }, format: 'jwk' })
    const compressed = Buffer.from(ecdh.getPublicKey(null, 'compressed'))
    const did = `did:key:z${base58.encode(Uint8Array.from([...P256_PUB_PREFIX, ...compressed]))}`
    return { privateKey, publicJwk: { kty: 'EC', crv: 'P-256', x, y }, did }
  }
}
