import { randomUUID } from 'node:crypto'
import { toBase64url } from '../core/crypto/jws.js'
import { loadSodium, sodium } from '../core/crypto/sodium.js'
import { addDuration, parseDuration } from '../core/requests/duration.js'
import { parseRequest } from '../core/requests/parse-request.js'
import {
  CLAIM_NAME_PATTERN,
  type Compensation,
  type DataRequest,
  type DeclaredUse,
  REQUEST_TYPE,
  type RequestedField
} from '../core/requests/request-schema.js'
import { claimNamed } from '../shared/claims.js'
import { badInput } from '../shared/errors.js'
import { type RequesterKeys, sealingPublicKey } from './keys.js'

export interface RequesterProfile {
  /** Shown to the person as who asks; what MeVault verifies is the url's domain, not this name. */
  name: string
  /** https://HOST, the web root that publishes the domain binding. */
  url: string
  keys: RequesterKeys
}

export interface RequestOptions {
  requester: RequesterProfile
  /** Claims the requester needs (`given_name`, `address.locality`, …: see `mevault claims`). */
  claims: readonly string[]
  /** Claims it would like but can do without. */
  optional?: readonly string[]
  /** Why the data is wanted, shown to the person. */
  purpose: string
  /** Why each claim is wanted; a claim left out gets the request's purpose. */
  claimPurposes?: Readonly<Record<string, string>>
  /** ISO 8601 duration, e.g. "P30D". */
  retention: string
  /** `{amount, currency}`, or text such as "5 EUR". */
  compensation?: Compensation | string
  use?: DeclaredUse
  responseUri?: string
  withdrawalUri?: string
  /** How long the person has to answer, as an ISO 8601 duration (default P7D); or give expiresAt. */
  expiresIn?: string
  expiresAt?: Date
  /** Accept claim names the catalogue does not know (a newer MeVault's); refused by default, as typos. */
  allowUnknownClaims?: boolean
  /** Defaults to a fresh `urn:uuid:…`. */
  id?: string
  now?: Date
}

const FIELD_PURPOSE_MAX = 500

/**
 * A `mevault.request/1` with a fresh id and nonce, checked by the very reader MeVault opens requests
 * with (so what the kit makes, MeVault accepts). Throws BAD_INPUT naming the problem.
 */
export async function makeRequest(options: RequestOptions): Promise<DataRequest> {
  await loadSodium()
  const now = options.now ?? new Date()
  const required = options.claims.map((name) => checkedClaim(name, options.allowUnknownClaims))
  const optional = (options.optional ?? []).map((name) => checkedClaim(name, options.allowUnknownClaims))
  if (required.length + optional.length === 0) throw badInput('A request must ask for at least one claim')
  const purposeOf = (claim: string): string => options.claimPurposes?.[claim] ?? options.purpose.trim().slice(0, FIELD_PURPOSE_MAX)
  const fields: RequestedField[] = [
    ...required.map((claim) => ({ claim, purpose: purposeOf(claim), required: true })),
    ...optional.map((claim) => ({ claim, purpose: purposeOf(claim), required: false }))
  ]
  const expiresAt = options.expiresAt ?? addDuration(now, parseDuration(options.expiresIn ?? 'P7D'))
  const compensation = typeof options.compensation === 'string' ? parseCompensation(options.compensation) : options.compensation

  const request: DataRequest = {
    type: REQUEST_TYPE,
    id: options.id ?? `urn:uuid:${randomUUID()}`,
    requester: {
      name: options.requester.name,
      id: options.requester.keys.id,
      url: options.requester.url,
      publicKey: sealingPublicKey(options.requester.keys)
    },
    nonce: toBase64url(sodium().randombytes_buf(32)),
    purpose: options.purpose,
    fields,
    retention: options.retention,
    ...(compensation ? { compensation } : {}),
    ...(options.use ? { use: options.use } : {}),
    ...(options.responseUri ? { responseUri: options.responseUri } : {}),
    ...(options.withdrawalUri ? { withdrawalUri: options.withdrawalUri } : {}),
    expiresAt: expiresAt.toISOString().replace(/\.\d{3}Z$/, 'Z')
  }
  // MeVault's own reader judges it: the same messages a person's MeVault would give.
  return (await parseRequest(JSON.stringify(request), { now })).request
}

function checkedClaim(name: string, allowUnknown = false): string {
  const trimmed = name.trim()
  if (!CLAIM_NAME_PATTERN.test(trimmed)) {
    throw badInput(`${JSON.stringify(trimmed.slice(0, 60))} is not a claim name (lowercase, e.g. given_name or address.locality)`)
  }
  if (!allowUnknown && !claimNamed(trimmed)) {
    throw badInput(`${JSON.stringify(trimmed)} is not a claim MeVault knows (see \`mevault claims\`)`)
  }
  return trimmed
}

/** "5 EUR", "4.99 EUR" → {amount, currency}. */
export function parseCompensation(text: string): Compensation {
  const match = /^\s*(\d{1,12}(?:\.\d{1,2})?)\s+([A-Z]{3})\s*$/.exec(text)
  if (!match) throw badInput('Compensation must be an amount and an ISO 4217 currency, e.g. "5 EUR" or "4.99 USD"')
  return { amount: Number(match[1]), currency: match[2] ?? '' }
}
