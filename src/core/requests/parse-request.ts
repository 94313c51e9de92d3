import type { z } from 'zod'
import { badInput } from '../../shared/errors.js'
import { loadSodium, sodium } from '../crypto/sodium.js'
import { decodeCompactJws, parseJsonObject } from '../crypto/jws.js'
import { checkRequestSignature, type RequestSignature } from './request-signature.js'
import { type DataRequest, MAX_REQUEST_BYTES, REQUEST_TYPE, requestSchema } from './request-schema.js'

/** A request that passed validation, with what identifies it. */
export interface ParsedRequest {
  request: DataRequest
  /** Lowercase hex SHA-256 of the request bytes exactly as received (the signed form if signed). */
  sha256: string
  byteLength: number
  signature: RequestSignature
}

export interface ParseRequestOptions {
  /** The moment to judge expiry against. */
  now: Date
  /** Accept a request past its expiresAt (a recipient re-checking an old answer). */
  allowExpired?: boolean
}

const encoder = new TextEncoder()
const MAX_ISSUES_SHOWN = 4

/**
 * Reads a request file: plain `mevault.request/1` JSON, or the same JSON wrapped in a compact JWS
 * signed by the requester. Throws BAD_INPUT naming the problem; the person's data is never involved.
 */
export async function parseRequest(input: string | Uint8Array, options: ParseRequestOptions): Promise<ParsedRequest> {
  const bytes = typeof input === 'string' ? encoder.encode(input) : input
  if (!(bytes instanceof Uint8Array)) throw badInput('A request must be text or bytes')
  if (bytes.length === 0) throw badInput('The request is empty')
  if (bytes.length > MAX_REQUEST_BYTES) {
    throw badInput(`The request is ${bytes.length} bytes; the limit is ${MAX_REQUEST_BYTES} bytes (256 KiB)`)
  }
  await loadSodium()

  let json: Record<string, unknown>
  let signedBy: ((requesterId: string) => RequestSignature) | undefined
  const text = new TextDecoder().decode(bytes).trim()
  if (text.startsWith('{')) {
    json = parseJsonObject(bytes, 'The request')
  } else {
    const jws = decodeCompactJws(text, 'The signed request')
    json = parseJsonObject(jws.payload, 'The signed request’s payload')
    signedBy = (requesterId) => checkRequestSignature(jws, requesterId)
  }

  if (json.type !== REQUEST_TYPE) {
    throw badInput(
      typeof json.type === 'string'
        ? `Unsupported request type ${JSON.stringify(json.type.slice(0, 60))}; this MeVault reads ${REQUEST_TYPE}`
        : `The request has no "type": "${REQUEST_TYPE}" member`
    )
  }
  const result = requestSchema.safeParse(json, { reportInput: true })
  if (!result.success) throw badInput(describeIssues(result.error.issues))
  const request = result.data

  if (!options.allowExpired && Date.parse(request.expiresAt) <= options.now.getTime()) {
    throw badInput(`The request expired at ${request.expiresAt}`)
  }
  return {
    request,
    sha256: sodium().to_hex(sodium().crypto_hash_sha256(bytes)),
    byteLength: bytes.length,
    signature: signedBy ? signedBy(request.requester.id) : { status: 'unsigned' }
  }
}

/** "The request is not valid: fields[1].path: must be RECORD.FIELD …; retention: …". */
function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  const shown = issues.slice(0, MAX_ISSUES_SHOWN).map((issue) => {
    const where = issue.path.length === 0 ? 'request' : formatPath(issue.path)
    return `${where}: ${issueMessage(issue)}`
  })
  const more = issues.length > MAX_ISSUES_SHOWN ? ` (and ${issues.length - MAX_ISSUES_SHOWN} more)` : ''
  return `The request is not valid: ${shown.join('; ')}${more}`
}

function issueMessage(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'unrecognized_keys':
      return `unknown member ${issue.keys.map((key) => JSON.stringify(key.slice(0, 40))).join(', ')}`
    case 'invalid_type':
      return issue.input === undefined ? 'is missing' : `must be ${article(issue.expected)}`
    case 'invalid_value':
      return 'has a value this version does not accept'
    default:
      return issue.message
  }
}

function article(expected: string): string {
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`
}

function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((part, index) => (typeof part === 'number' ? `[${part}]` : `${index === 0 ? '' : '.'}${JSON.stringify(String(part).slice(0, 40)).slice(1, -1)}`))
    .join('')
}
