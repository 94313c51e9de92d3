import { sodium } from './sodium.js'

/** Short, stable fingerprint of a device key for people and log lines (first 8 bytes of its BLAKE2b hash, hex). */
export function keyFingerprint(publicKey: Uint8Array): string {
  const hash = sodium().crypto_generichash(16, publicKey, null)
  return Array.from(hash.subarray(0, 8), (byte) => byte.toString(16).padStart(2, '0')).join('')
}
