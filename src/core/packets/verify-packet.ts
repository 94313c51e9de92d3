import { MeVaultError } from '../../shared/errors.js'
import { publicKeyFromDidKey } from '../crypto/did-key.js'
import { loadSodium, sodium } from '../crypto/sodium.js'
import { parseRequest, type ParsedRequest } from '../requests/parse-request.js'
import { requestedKey } from '../requests/request-schema.js'
import { decodeCompactJws, type DecodedJws, parseJsonObject, verifyEd25519 } from '../crypto/jws.js'
import { MAX_PACKET_CHARS, packetHeaderSchema, type PacketPayload, packetPayloadSchema } from './packet-schema.js'

/**
 * The recipient's side: checks a packet with nothing but the packet (and, ideally, the request
 * it answers). Needs no vault, so a requester can embed this module as it is.
 */

export type PacketCheckName =
  | 'format'
  | 'issuer'
  | 'signature'
  | 'time'
  | 'request'
  | 'request-hash'
  | 'audience'
  | 'nonce'
  | 'terms'
  | 'claims'

export interface PacketCheck {
  name: PacketCheckName
  status: 'pass' | 'fail' | 'skip'
  detail: string
}

export interface PacketVerification {
  /** True only when every check that ran passed (and the request checks ran, if a request was given). */
  valid: boolean
  /** The first failed check, in words. */
  reason?: string
  checks: PacketCheck[]
  /** The signer's did:key, when the signature holds. */
  signer?: string
  /** The decoded payload; trust it only when `valid`. */
  payload?: PacketPayload
}

export interface VerifyPacketOptions {
  /** The request this packet answers: parsed, or its file's bytes/text exactly as sent. */
  request?: ParsedRequest | string | Uint8Array
  now?: Date
  /** Tolerance for an issuer clock running ahead, in seconds (default 300). */
  clockSkewSeconds?: number
}

const REQUEST_CHECKS: PacketCheckName[] = ['request', 'request-hash', 'audience', 'nonce', 'terms', 'claims']

/** Verifies a compact-JWS packet. Never throws: every problem is a failed check with a reason. */
export async function verifyPacket(jws: string, options: VerifyPacketOptions = {}): Promise<PacketVerification> {
  await loadSodium()
  const now = options.now ?? new Date()
  const checks: PacketCheck[] = []
  const pass = (name: PacketCheckName, detail: string) => checks.push({ name, status: 'pass', detail })
  const fail = (name: PacketCheckName, detail: string) => checks.push({ name, status: 'fail', detail })

  const decoded = decodePacket(jws)
  if ('problem' in decoded) {
    fail('format', decoded.problem)
    for (const name of ['issuer', 'signature', 'time', ...(options.request ? REQUEST_CHECKS : [])] as const) {
      checks.push({ name, status: 'skip', detail: 'not checked: the packet could not be read' })
    }
    return finish(checks)
  }
  const { jws: parts, kid, payload } = decoded
  pass('format', 'a compact JWS, EdDSA, with a well-formed mevault.packet/1 payload')

  // kid is the signer's did:key; the payload must say the same, or the packet lies about its author.
  if (payload.iss === kid) pass('issuer', `kid and iss are the same did:key: ${kid}`)
  else fail('issuer', 'the payload’s iss is not the did:key in the header’s kid')

  const signed = verifyEd25519(parts.signature, parts.signingInput, publicKeyFromDidKey(kid))
  if (signed) pass('signature', 'the Ed25519 signature holds for the key in kid')
  else fail('signature', 'the signature does not match: the packet was altered or signed by another key')

  const nowSeconds = Math.floor(now.getTime() / 1000)
  const skew = options.clockSkewSeconds ?? 300
  if (payload.exp <= payload.iat) fail('time', 'exp is not after iat')
  else if (payload.iat > nowSeconds + skew) fail('time', `issued in the future (iat ${iso(payload.iat)})`)
  else if (payload.exp <= nowSeconds) fail('time', `the retention period ended at ${iso(payload.exp)}`)
  else pass('time', `issued ${iso(payload.iat)}, may be kept until ${iso(payload.exp)}`)

  if (options.request !== undefined) await checkAgainstRequest(payload, options.request, now, checks)
  const verification = finish(checks)
  return { ...verification, payload, ...(signed ? { signer: kid } : {}) }
}

/** verifyPacket for callers that want an exception: the payload, or a MeVaultError naming the failed check. */
export async function assertValidPacket(jws: string, options: VerifyPacketOptions = {}): Promise<PacketPayload> {
  const result = await verifyPacket(jws, options)
  if (result.valid && result.payload) return result.payload
  const failed = result.checks.find((check) => check.status === 'fail')
  const code = failed?.name === 'format' ? 'BAD_INPUT' : 'INTEGRITY'
  throw new MeVaultError(code, `Packet refused: ${result.reason ?? 'not valid'}`)
}

type Decoded = { jws: DecodedJws; kid: string; payload: PacketPayload } | { problem: string }

function decodePacket(text: unknown): Decoded {
  if (typeof text !== 'string') return { problem: 'a packet is text (a compact JWS)' }
  if (text.length > MAX_PACKET_CHARS) return { problem: `the packet is over ${MAX_PACKET_CHARS} characters` }
  try {
    const jws = decodeCompactJws(text.trim(), 'The packet')
    const header = packetHeaderSchema.safeParse(jws.header)
    if (!header.success) return { problem: `the packet header is not {alg: EdDSA, typ, kid: did:key}: ${firstIssue(header.error.issues)}` }
    const payload = packetPayloadSchema.safeParse(parseJsonObject(jws.payload, 'The packet payload'))
    if (!payload.success) return { problem: `the packet payload is not valid: ${firstIssue(payload.error.issues)}` }
    return { jws, kid: header.data.kid, payload: payload.data }
  } catch (error) {
    if (error instanceof MeVaultError) return { problem: error.message }
    throw error
  }
}

async function checkAgainstRequest(
  payload: PacketPayload,
  given: ParsedRequest | string | Uint8Array,
  now: Date,
  checks: PacketCheck[]
): Promise<void> {
  let parsed: ParsedRequest
  try {
    parsed =
      typeof given === 'string' || given instanceof Uint8Array
        ? await parseRequest(given, { now, allowExpired: true }) // an answered request may since have expired
        : given
  } catch (error) {
    if (!(error instanceof MeVaultError)) throw error
    checks.push({ name: 'request', status: 'fail', detail: `the request could not be read: ${error.message}` })
    for (const name of REQUEST_CHECKS.slice(1)) checks.push({ name, status: 'skip', detail: 'not checked: no readable request' })
    return
  }
  const { request } = parsed
  const check = (name: PacketCheckName, ok: boolean, passed: string, failed: string) =>
    checks.push({ name, status: ok ? 'pass' : 'fail', detail: ok ? passed : failed })

  check('request', payload.request.id === request.id, `answers request ${request.id}`, 'answers a request with another id')
  check(
    'request-hash',
    payload.request.sha256 === parsed.sha256,
    'the request’s SHA-256 matches',
    'the request’s SHA-256 does not match: the packet answers a different or altered request'
  )
  check('audience', payload.aud === request.requester.id, `addressed to ${request.requester.id}`, 'addressed to someone else (aud)')
  check('nonce', payload.nonce === request.nonce, 'the nonce matches', 'the nonce does not match the request’s')
  const sameTerms =
    payload.purpose === request.purpose &&
    payload.terms.retention === request.retention &&
    JSON.stringify(payload.terms.compensation) === JSON.stringify(request.compensation) &&
    JSON.stringify(payload.terms.use) === JSON.stringify(request.use)
  check(
    'terms',
    sameTerms,
    'purpose, retention, compensation and declared use are the request’s',
    'purpose or terms differ from the request’s'
  )
  const requested = new Set(request.fields.map(requestedKey))
  const extra = Object.keys(payload.claims).filter((path) => !requested.has(path))
  check(
    'claims',
    extra.length === 0,
    `${Object.keys(payload.claims).length} of ${request.fields.length} requested fields shared`,
    `claims hold fields the request did not ask for: ${extra.slice(0, 5).join(', ')}`
  )
}

function finish(checks: PacketCheck[]): PacketVerification {
  const failed = checks.find((check) => check.status === 'fail')
  return failed ? { valid: false, reason: `${failed.name}: ${failed.detail}`, checks } : { valid: true, checks }
}

function firstIssue(issues: readonly { path: readonly PropertyKey[]; message: string }[]): string {
  const issue = issues[0]
  if (!issue) return 'invalid'
  const where = issue.path.map((part) => JSON.stringify(String(part).slice(0, 60))).join('.')
  return where ? `${where}: ${issue.message}` : issue.message
}

function iso(seconds: number): string {
  return new Date(seconds * 1000).toISOString()
}

/** Lowercase hex SHA-256 of a packet's text, as the ledger records it. */
export async function packetSha256(jws: string): Promise<string> {
  await loadSodium()
  return sodium().to_hex(sodium().crypto_hash_sha256(new TextEncoder().encode(jws)))
}
