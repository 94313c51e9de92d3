import { base32crockford } from '@scure/base'
import { badInput } from '../../shared/errors.js'
import { sodium } from './sodium.js'

/** 128 bits, the second unlock factor (1Password's "Secret Key" model). */
export const SECRET_KEY_BYTES = 16
const PREFIX = 'MV1'

export function newSecretKey(): Uint8Array {
  return sodium().randombytes_buf(SECRET_KEY_BYTES)
}

/** Printable form: MV1-XXXXX-XXXXX-XXXXX-XXXXX-XXXXX-X (Crockford base32, typo-tolerant). */
export function formatSecretKey(key: Uint8Array): string {
  const encoded = base32crockford.encode(key)
  return [PREFIX, ...(encoded.match(/.{1,5}/g) ?? [])].join('-')
}

export function parseSecretKey(text: string): Uint8Array {
  const compact = text.trim().toUpperCase().replace(/[\s-]/g, '')
  if (!compact.startsWith(PREFIX)) throw badInput('Secret key must start with MV1-')
  const body = compact.slice(PREFIX.length).replace(/O/g, '0').replace(/[IL]/g, '1')
  let bytes: Uint8Array
  try {
    bytes = base32crockford.decode(body)
  } catch {
    throw badInput('Secret key is not valid (check for typos)')
  }
  if (bytes.length !== SECRET_KEY_BYTES) throw badInput('Secret key has the wrong length')
  return bytes
}
