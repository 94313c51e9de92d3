import { base58 } from '@scure/base'
import { badInput } from '../../shared/errors.js'
import { sodium } from '../crypto/sodium.js'

/**
 * The one-time invitation, as short text: "mv1-" + base58 of
 *   version (1) | expiry, unix seconds (4) | port (2) | host length (1) | host | inviter device key (32)
 *   | one-time secret (16) | checksum (4, BLAKE2b of the rest, so a mistyped code is caught at once).
 * The code is a credential until it expires: whoever holds it can join the vault once.
 */
export interface InviteCode {
  host: string
  port: number
  inviterPublicKey: Uint8Array
  secret: Uint8Array
  expiresAt: Date
}

const PREFIX = 'mv1-'
const VERSION = 1
const KEY_BYTES = 32
export const SECRET_BYTES = 16
const CHECK_BYTES = 4

const checksum = (bytes: Uint8Array): Uint8Array => sodium().crypto_generichash(16, bytes, null).subarray(0, CHECK_BYTES)

export function encodeInviteCode(invite: InviteCode): string {
  const host = new TextEncoder().encode(invite.host)
  if (host.length > 255) throw badInput('The invitation address is too long')
  const body = new Uint8Array(1 + 4 + 2 + 1 + host.length + KEY_BYTES + SECRET_BYTES)
  const view = new DataView(body.buffer)
  let at = 0
  body[at++] = VERSION
  view.setUint32(at, Math.floor(invite.expiresAt.getTime() / 1000))
  at += 4
  view.setUint16(at, invite.port)
  at += 2
  body[at++] = host.length
  body.set(host, at)
  at += host.length
  body.set(invite.inviterPublicKey, at)
  body.set(invite.secret, at + KEY_BYTES)
  const out = new Uint8Array(body.length + CHECK_BYTES)
  out.set(body)
  out.set(checksum(body), body.length)
  return PREFIX + base58.encode(out)
}

export function decodeInviteCode(code: string): InviteCode {
  const text = code.trim()
  if (!text.startsWith(PREFIX)) throw badInput('This is not a MeVault invitation code (it should start with "mv1-")')
  let bytes: Uint8Array
  try {
    bytes = base58.decode(text.slice(PREFIX.length))
  } catch {
    throw badInput('The invitation code is mistyped (it holds a character that cannot be in a code)')
  }
  const minimum = 1 + 4 + 2 + 1 + KEY_BYTES + SECRET_BYTES + CHECK_BYTES
  if (bytes.length < minimum) throw badInput('The invitation code is incomplete: copy it again, whole')
  const body = bytes.subarray(0, bytes.length - CHECK_BYTES)
  if (!sodium().memcmp(checksum(body), bytes.subarray(body.length))) {
    throw badInput('The invitation code is mistyped: its checksum does not match')
  }
  if (body[0] !== VERSION) throw badInput(`This invitation code is version ${body[0]}; this MeVault reads version ${VERSION}`)
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength)
  const expiresAt = new Date(view.getUint32(1) * 1000)
  const port = view.getUint16(5)
  const hostLength = body[7]!
  if (body.length !== 8 + hostLength + KEY_BYTES + SECRET_BYTES) throw badInput('The invitation code is malformed')
  const host = new TextDecoder().decode(body.subarray(8, 8 + hostLength))
  const keyAt = 8 + hostLength
  return {
    host,
    port,
    expiresAt,
    inviterPublicKey: body.slice(keyAt, keyAt + KEY_BYTES),
    secret: body.slice(keyAt + KEY_BYTES)
  }
}
