import { verifyPacket, type PacketCheckName } from '../core/packets/verify-packet.js'
import { parseRequest, type ParsedRequest } from '../core/requests/parse-request.js'
import { requestedKey } from '../core/requests/request-schema.js'
import { badInput, MeVaultError } from '../shared/errors.js'
import type { RequesterKeys } from './keys.js'
import { envelopeProblem, openAnswer } from './open-answer.js'

/**
 * The requester's whole check of an answer: open it, then every check MeVault's packet verifier
 * makes against the request (signature, request hash, audience, nonce, terms, claims asked for,
 * retention not over), plus the requester's own: the request is one of its keys', and the answer
 * was given before the request expired.
 */

export type AnswerCheckName = 'envelope' | 'requester' | 'answered-in-time' | PacketCheckName

export interface AnswerCheck {
  name: AnswerCheckName
  status: 'pass' | 'fail' | 'skip'
  detail: string
}

export interface AnswerVerification {
  valid: boolean
  /** The first failed check in words: "<check>: <detail>". */
  reason?: string
  failedCheck?: AnswerCheckName
  checks: AnswerCheck[]
  sealed: boolean
  request: { id: string; sha256: string }
  /** Only when valid: the shared values under the names the request asked by (claim names). */
  claims?: Record<string, string>
  /** Only when valid: the person's did:key (the packet's signer). */
  person?: string
  /** Required claims the person chose not to share (a valid answer may leave them out). */
  missingRequired: string[]
  /** Only when valid: until when the data may be kept (the packet's exp, ISO 8601). */
  keepUntil?: string
}

export interface VerifyAnswerOptions {
  /** The request as issued (the signed file's text or bytes), or already parsed. */
  request: string | Uint8Array | ParsedRequest
  /** The requester's keys: needed to open a sealed answer; also proves the request is this requester's. */
  keys?: RequesterKeys
  now?: Date
  clockSkewSeconds?: number
}

/** Never throws for a bad answer (each problem is a failed check); throws BAD_INPUT for an unreadable request. */
export async function verifyAnswer(answer: string | Uint8Array, options: VerifyAnswerOptions): Promise<AnswerVerification> {
  const now = options.now ?? new Date()
  const skew = options.clockSkewSeconds ?? 300
  const parsed = await readRequest(options.request, now)
  const { request } = parsed
  const base = { request: { id: request.id, sha256: parsed.sha256 }, missingRequired: [] as string[] }
  const checks: AnswerCheck[] = []

  if (options.keys) {
    const ours = request.requester.id === options.keys.id && parsed.signature.status === 'valid'
    checks.push(
      ours
        ? { name: 'requester', status: 'pass', detail: `the request is signed by this requester (${options.keys.id})` }
        : { name: 'requester', status: 'fail', detail: 'the request was not signed by this requester’s key' }
    )
  }

  let jws: string
  let sealed: boolean
  try {
    ;({ jws, sealed } = await openAnswer(answer, options.keys))
    checks.push({ name: 'envelope', status: 'pass', detail: sealed ? 'opened with this requester’s sealing key' : 'not sealed (a bare packet)' })
  } catch (error) {
    if (!(error instanceof MeVaultError)) throw error
    checks.push({ name: 'envelope', status: 'fail', detail: envelopeProblem(error) })
    return finish({ ...base, sealed: true, checks })
  }

  const packet = await verifyPacket(jws, { request: parsed, now, clockSkewSeconds: skew })
  checks.push(...packet.checks)
  const payload = packet.payload
  if (payload) {
    const expiresAt = Date.parse(request.expiresAt)
    const inTime = payload.iat * 1000 <= expiresAt + skew * 1000
    checks.push(
      inTime
        ? { name: 'answered-in-time', status: 'pass', detail: `answered before the request expired (${request.expiresAt})` }
        : { name: 'answered-in-time', status: 'fail', detail: `answered after the request expired at ${request.expiresAt}` }
    )
  }
  const result = finish({ ...base, sealed, checks })
  if (!result.valid || !payload) return result
  return {
    ...result,
    claims: { ...payload.claims },
    person: payload.iss,
    keepUntil: new Date(payload.exp * 1000).toISOString(),
    missingRequired: request.fields.filter((field) => field.required && !(requestedKey(field) in payload.claims)).map(requestedKey)
  }
}

async function readRequest(given: VerifyAnswerOptions['request'], now: Date): Promise<ParsedRequest> {
  if (typeof given !== 'string' && !(given instanceof Uint8Array)) return given
  try {
    // An answered request may have expired since: the answer's own time is checked instead.
    return await parseRequest(given, { now, allowExpired: true })
  } catch (error) {
    if (error instanceof MeVaultError) throw badInput(`The request file cannot be read: ${error.message}`)
    throw error
  }
}

function finish(result: Omit<AnswerVerification, 'valid'>): AnswerVerification {
  const failed = result.checks.find((check) => check.status === 'fail')
  if (!failed) return { ...result, valid: true }
  return { ...result, valid: false, failedCheck: failed.name, reason: `${failed.name}: ${failed.detail}` }
}
