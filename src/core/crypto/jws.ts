import { base64urlnopad } from '@scure/base'
import { badInput } from '../../shared/errors.js'
import { sodium } from './sodium.js'
import { findDuplicateMember } from './duplicate-members.js'

/**
 * Compact JWS (RFC 7515 §7.1) with EdDSA over Ed25519, small enough to read in one sitting.
 * Decoding is strict: only canonical unpadded base64url, UTF-8 JSON headers, so that any change
 * to a character of a JWS changes what is verified (a lenient decoder would let the unused
 * low bits of the last character vary).
 */

const encoder = new TextEncoder()
const utf8 = new TextDecoder('utf-8', { fatal: true })
const COMPACT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+$/

export interface DecodedJws {
  header: Record<string, unknown>
  payload: Uint8Array
  signature: Uint8Array
  /** ASCII(BASE64URL(header) "." BASE64URL(payload)): the bytes the signature covers. */
  signingInput: Uint8Array
}

export function toBase64url(bytes: Uint8Array): string {
  return base64urlnopad.encode(bytes)
}

/** Canonical unpadded base64url only; `what` names the thing in the error. */
export function fromBase64url(text: string, what: string): Uint8Array {
  try {
    return base64urlnopad.decode(text)
  } catch {
    throw badInput(`${what} is not canonical base64url`)
  }
}

/** Signs `payload` with a libsodium Ed25519 secret key (64-byte form); returns the compact JWS. */
export function signCompactJws(header: Record<string, unknown>, payload: Uint8Array, secretKey: Uint8Array): string {
  const signingInput = `${toBase64url(encoder.encode(JSON.stringify(header)))}.${toBase64url(payload)}`
  const signature = sodium().crypto_sign_detached(encoder.encode(signingInput), secretKey)
  return `${signingInput}.${toBase64url(signature)}`
}

/** Splits and decodes a compact JWS without verifying it; `what` names it in errors. */
export function decodeCompactJws(text: string, what: string): DecodedJws {
  if (typeof text !== 'string' || !COMPACT.test(text)) {
    throw badInput(`${what} is not a compact JWS (three base64url parts separated by ".")`)
  }
  const [headerPart = '', payloadPart = '', signaturePart = ''] = text.split('.')
  const header = parseJsonObject(fromBase64url(headerPart, `${what} header`), `${what} header`)
  const payload = fromBase64url(payloadPart, `${what} payload`)
  const signature = fromBase64url(signaturePart, `${what} signature`)
  return { header, payload, signature, signingInput: encoder.encode(`${headerPart}.${payloadPart}`) }
}

/** Ed25519 verification; false (never a throw) for a signature or key of the wrong size. */
export function verifyEd25519(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean {
  const s = sodium()
  if (signature.length !== s.crypto_sign_BYTES || publicKey.length !== s.crypto_sign_PUBLICKEYBYTES) return false
  return s.crypto_sign_verify_detached(signature, message, publicKey)
}

export function decodeUtf8(bytes: Uint8Array, what: string): string {
  try {
    return utf8.decode(bytes)
  } catch {
    throw badInput(`${what} is not UTF-8 text`)
  }
}

/**
 * JSON.parse of UTF-8 bytes that must give an object, with no member named twice in any object
 * (RFC 7515 §5.2 for headers; for a request, the person must see the one text that was signed).
 * The input is never echoed in the error beyond the duplicated name.
 */
export function parseJsonObject(bytes: Uint8Array, what: string): Record<string, unknown> {
  const text = decodeUtf8(bytes, what)
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    if (error instanceof SyntaxError) throw badInput(`${what} is not valid JSON`)
    throw error
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw badInput(`${what} is not a JSON object`)
  }
  const duplicate = findDuplicateMember(text)
  if (duplicate) {
    throw badInput(
      `${what} gives the member ${JSON.stringify(duplicate.name.slice(0, 40))} twice${duplicate.where ? ` (in ${duplicate.where})` : ''}; ` +
        'refused, because JSON readers disagree on which one counts, so what you are shown might not be what was signed'
    )
  }
  return value as Record<string, unknown>
}
