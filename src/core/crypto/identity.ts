import { didKeyFromPublicKey } from './did-key.js'
import { sodium } from './sodium.js'

/** An Ed25519 signing key pair: the person's identity, or one device's. */
export interface SigningKeyPair {
  publicKey: Uint8Array
  /** libsodium's 64-byte form (seed || public key). */
  secretKey: Uint8Array
}

export function newSigningKeyPair(): SigningKeyPair {
  const { publicKey, privateKey } = sodium().crypto_sign_keypair()
  return { publicKey, secretKey: privateKey }
}

export function signingKeyPairFromSecret(secretKey: Uint8Array): SigningKeyPair {
  return { publicKey: secretKey.slice(32), secretKey }
}

export function didOf(keyPair: SigningKeyPair): string {
  return didKeyFromPublicKey(keyPair.publicKey)
}
