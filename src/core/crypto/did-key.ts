import { base58 } from '@scure/base'
import { badInput } from '../../shared/errors.js'

/** Multicodec prefix for an Ed25519 public key (varint 0xed). */
const ED25519_PUB_PREFIX = Uint8Array.of(0xed, 0x01)
const DID_KEY_PREFIX = 'did:key:z'

/** did:key of an Ed25519 public key: "did:key:z6Mk…" (multibase base58btc of multicodec ed25519-pub). */
export function didKeyFromPublicKey(publicKey: Uint8Array): string {
  if (publicKey.length !== 32) throw badInput('An Ed25519 public key is 32 bytes')
  const bytes = new Uint8Array(34)
  bytes.set(ED25519_PUB_PREFIX, 0)
  bytes.set(publicKey, 2)
  return DID_KEY_PREFIX + base58.encode(bytes)
}

/** The raw Ed25519 public key inside a did:key; refuses anything else with a clear message. */
export function publicKeyFromDidKey(did: string): Uint8Array {
  if (typeof did !== 'string' || !did.startsWith(DID_KEY_PREFIX)) {
    throw badInput('Not a did:key identifier (expected "did:key:z6Mk…")')
  }
  let bytes: Uint8Array
  try {
    bytes = base58.decode(did.slice(DID_KEY_PREFIX.length))
  } catch {
    throw badInput('did:key is not valid base58btc')
  }
  if (bytes.length !== 34 || bytes[0] !== ED25519_PUB_PREFIX[0] || bytes[1] !== ED25519_PUB_PREFIX[1]) {
    throw badInput('did:key does not hold an Ed25519 public key')
  }
  return bytes.slice(2)
}
