import { integrity } from '../../shared/errors.js'
import { randomBytesFromPool } from './random-pool.js'
import { sodium } from './sodium.js'

const encoder = new TextEncoder()

/**
 * XChaCha20-Poly1305 with a random nonce. The associated data binds the ciphertext to its place
 * (a storage key, a purpose), so a chunk moved, swapped or flipped fails to open.
 * Layout: nonce (24 bytes) || ciphertext+tag.
 */
export function seal(key: Uint8Array, plaintext: Uint8Array, associatedData: string): Uint8Array {
  const s = sodium()
  // The platform's CSPRNG, pooled: libsodium.js's randombytes_buf draws 4 bytes per call into
  // JavaScript, and a CSPRNG call per nonce was a visible part of an import's writes.
  const nonce = randomBytesFromPool(s.crypto_aead_xchacha20poly1305_ietf_NPUBBYTES)
  const ciphertext = s.crypto_aead_xchacha20poly1305_ietf_encrypt(
    plaintext,
    encoder.encode(associatedData),
    null,
    nonce,
    key
  )
  const out = new Uint8Array(nonce.length + ciphertext.length)
  out.set(nonce, 0)
  out.set(ciphertext, nonce.length)
  return out
}

/** Opens what seal() made; throws an INTEGRITY error naming `what` if it was altered or moved. */
export function open(key: Uint8Array, sealed: Uint8Array, associatedData: string, what: string): Uint8Array {
  const s = sodium()
  const nonceLength = s.crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
  if (sealed.length < nonceLength + s.crypto_aead_xchacha20poly1305_ietf_ABYTES) {
    throw integrity(`${what} is truncated`)
  }
  try {
    return s.crypto_aead_xchacha20poly1305_ietf_decrypt(
      null,
      sealed.subarray(nonceLength),
      encoder.encode(associatedData),
      sealed.subarray(0, nonceLength),
      key
    )
  } catch (cause) {
    throw integrity(`${what} failed authentication (altered, moved or damaged)`, cause)
  }
}

/** Like open(), but returns undefined instead of throwing: for trying a key. */
export function tryOpen(key: Uint8Array, sealed: Uint8Array, associatedData: string): Uint8Array | undefined {
  try {
    return open(key, sealed, associatedData, 'data')
  } catch {
    return undefined
  }
}
