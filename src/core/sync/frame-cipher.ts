import { integrity } from '../../shared/errors.js'
import { sodium } from '../crypto/sodium.js'

/**
 * XChaCha20-Poly1305 for one direction of one connection. The key is that direction's crypto_kx session
 * key (fresh per connection), and the nonce is the frame's sequence number, which both sides count
 * themselves and never send. So a frame that is altered, replayed, reordered, dropped before another or
 * carried over from another connection fails to open.
 */
export class FrameCipher {
  #counter = 0n

  constructor(
    readonly key: Uint8Array,
    readonly label: string
  ) {}

  seal(plaintext: Uint8Array): Uint8Array {
    const s = sodium()
    return s.crypto_aead_xchacha20poly1305_ietf_encrypt(plaintext, this.label, null, this.#nextNonce(), this.key)
  }

  /** Opens the next frame in sequence; throws INTEGRITY if it is not exactly that frame. */
  open(ciphertext: Uint8Array): Uint8Array {
    const s = sodium()
    const sequence = this.#counter
    try {
      return s.crypto_aead_xchacha20poly1305_ietf_decrypt(null, ciphertext, this.label, this.#nextNonce(), this.key)
    } catch {
      throw integrity(`frame ${sequence} failed authentication (altered, replayed, reordered or forged)`)
    }
  }

  #nextNonce(): Uint8Array {
    const nonce = new Uint8Array(sodium().crypto_aead_xchacha20poly1305_ietf_NPUBBYTES)
    new DataView(nonce.buffer).setBigUint64(0, this.#counter, true)
    this.#counter += 1n
    return nonce
  }
}
