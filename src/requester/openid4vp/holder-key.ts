import { createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto'
import { base58 } from '@scure/base'
import { publicKeyFromDidKey } from '../../core/crypto/did-key.js'

/**
 * The public key inside a holder's did:key, for the two kinds MeVault issues with: Ed25519
 * (`did:key:z6Mk…`, EdDSA) and P-256 (`did:key:zDn…`, multicodec p256-pub, compressed point; ES256).
 * Undefined for anything else.
 */
const P256_PUB_PREFIX = [0x80, 0x24]
/** DER SPKI header of a compressed P-256 point (id-ecPublicKey, prime256v1, 33-byte bit string). */
const P256_SPKI_PREFIX = Buffer.from('3039301306072a8648ce3d020106082a8648ce3d030107032200', 'hex')

export interface HolderKey {
  key: KeyObject
  alg: 'EdDSA' | 'ES256'
}

export function keyOfDidKey(did: string): HolderKey | undefined {
  try {
    if (did.startsWith('did:key:z6Mk')) {
      const x = Buffer.from(publicKeyFromDidKey(did)).toString('base64url')
      return { key: createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x }, format: 'jwk' }), alg: 'EdDSA' }
    }
    if (did.startsWith('did:key:zDn')) {
      const bytes = base58.decode(did.slice('did:key:z'.length))
      if (bytes.length !== 35 || bytes[0] !== P256_PUB_PREFIX[0] || bytes[1] !== P256_PUB_PREFIX[1]) return undefined
      const spki = Buffer.concat([P256_SPKI_PREFIX, Buffer.from(bytes.subarray(2))])
      return { key: createPublicKey({ key: spki, format: 'der', type: 'spki' }), alg: 'ES256' }
    }
  } catch {
    return undefined
  }
  return undefined
}

/** Whether a JWK (the credential's cnf.jwk) is the very same public key. */
export function sameKey(jwk: unknown, key: KeyObject): boolean {
  try {
    return createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' }).equals(key)
  } catch {
    return false
  }
}
