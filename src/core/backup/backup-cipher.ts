import { integrity } from '../../shared/errors.js'
import { sodium } from '../crypto/sodium.js'

/** Plaintext per sealed piece: small enough to stream, large enough that the 17-byte tags cost nothing. */
const PIECE_BYTES = 1024 * 1024

/**
 * The key the image is sealed under: derived from the vault key (which only the passphrase and
 * the secret key together unwrap) and bound to the vault's id, so it is used for nothing else.
 */
export function backupKey(vaultKey: Uint8Array, vaultId: string): Uint8Array {
  return sodium().crypto_generichash(32, `mevault.backup/1:${vaultId}`, vaultKey)
}

/**
 * Seals the vault file with XChaCha20-Poly1305 secretstream: each piece is authenticated and in
 * order, the last one is marked final (a file cut at a piece boundary is told from a whole one),
 * and the first carries the file's readable preamble as associated data (a header swapped from
 * another backup does not open this image).
 */
export function sealImage(key: Uint8Array, image: Uint8Array, preamble: Uint8Array): Uint8Array[] {
  const s = sodium()
  const { state, header } = s.crypto_secretstream_xchacha20poly1305_init_push(key)
  const out: Uint8Array[] = [header]
  for (let at = 0; at < image.length || at === 0; at += PIECE_BYTES) {
    const end = Math.min(at + PIECE_BYTES, image.length)
    const last = end === image.length
    const tag = last ? s.crypto_secretstream_xchacha20poly1305_TAG_FINAL : s.crypto_secretstream_xchacha20poly1305_TAG_MESSAGE
    out.push(s.crypto_secretstream_xchacha20poly1305_push(state, image.subarray(at, end), at === 0 ? preamble : null, tag))
    if (last) break
  }
  return out
}

/** Opens what sealImage made, whole or not at all: INTEGRITY for any altered, missing or extra byte. */
export function openImage(key: Uint8Array, sealed: Uint8Array, preamble: Uint8Array, expectedBytes: number, what: string): Uint8Array {
  const s = sodium()
  const refused = () => integrity(`${what} failed its integrity check: it was altered or damaged (nothing was restored)`)
  const headerBytes = s.crypto_secretstream_xchacha20poly1305_HEADERBYTES
  const tagBytes = s.crypto_secretstream_xchacha20poly1305_ABYTES
  // The image is never larger than what seals it: a header claiming more is forged, and is refused before any allocation.
  if (sealed.length < headerBytes + tagBytes || expectedBytes > sealed.length) throw refused()
  let state: ReturnType<typeof s.crypto_secretstream_xchacha20poly1305_init_pull>
  try {
    state = s.crypto_secretstream_xchacha20poly1305_init_pull(sealed.subarray(0, headerBytes), key)
  } catch {
    throw refused()
  }
  const image = new Uint8Array(expectedBytes)
  let written = 0
  let at = headerBytes
  let first = true
  while (at < sealed.length) {
    const end = Math.min(at + PIECE_BYTES + tagBytes, sealed.length)
    let piece: { message: Uint8Array; tag: number } | false
    try {
      piece = s.crypto_secretstream_xchacha20poly1305_pull(state, sealed.subarray(at, end), first ? preamble : null)
    } catch {
      throw refused()
    }
    if (!piece || written + piece.message.length > expectedBytes) throw refused()
    image.set(piece.message, written)
    written += piece.message.length
    at = end
    first = false
    const final = piece.tag === s.crypto_secretstream_xchacha20poly1305_TAG_FINAL
    if (final !== (at === sealed.length)) throw refused()
  }
  if (first || written !== expectedBytes) throw refused()
  return image
}
