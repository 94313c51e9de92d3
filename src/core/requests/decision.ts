import { claimNamed } from '../../shared/claims.js'
import { badInput } from '../../shared/errors.js'
import type { ConsentLine, FieldView } from '../../shared/types.js'
import { answeringFields } from './answering-fields.js'
import type { ParsedRequest } from './parse-request.js'
import { type Policy, type RequesterRule, standingRefusal, suggest } from './policy.js'
import type { RequestSignature } from './request-signature.js'
import { requestedKey, type RequestedField } from './request-schema.js'

/** One requested field as the consent screen shows it (the shape is part of the UI contract). */
export type DecisionLine = ConsentLine

export interface Decision {
  request: { id: string; sha256: string }
  requester: { name: string; id: string; url: string }
  requesterRule: RequesterRule | 'none'
  signature: RequestSignature
  lines: DecisionLine[]
  /** Required fields the vault does not hold (their requested keys). */
  missingRequired: string[]
  /** Set when a standing policy refuses the whole request (e.g. it sells data individually): why. */
  refusal?: string
}

/** The requested keys (claim names or paths) the person agreed to share, bound to one request by its hash. */
export interface Approval {
  request: { id: string; sha256: string }
  /** In the order the request lists them. Empty means "refuse everything". */
  keys: string[]
}

const PREVIEW_LENGTH = 40

/** Lines up each requested field with what the vault holds and what the policy suggests. */
export function decide(parsed: ParsedRequest, fields: readonly FieldView[], policy: Policy): Decision {
  const { request } = parsed
  const answers = answeringFields(request.fields, fields)
  const refusal = standingRefusal(policy, request.use)

  const lines = request.fields.map((wanted): DecisionLine => {
    const key = requestedKey(wanted)
    const field = answers.get(key)
    const base = { requestedKey: key, path: key, ...naming(wanted), purpose: wanted.purpose, required: wanted.required }
    if (!field) {
      return { ...base, held: false, suggestion: 'missing', reason: 'not in your vault', defaultChoice: false }
    }
    const { suggestion, reason } = refusal
      ? { suggestion: 'never' as const, reason: refusal }
      : suggest(policy, field.tier, request.requester.id, parsed.signature)
    return {
      ...base,
      field: field.path,
      held: true,
      tier: field.tier,
      type: field.type,
      preview: previewOf(field.value),
      suggestion,
      reason,
      defaultChoice: suggestion === 'share'
    }
  })
  return {
    request: { id: request.id, sha256: parsed.sha256 },
    requester: { name: request.requester.name, id: request.requester.id, url: request.requester.url },
    requesterRule: policy.requesters[request.requester.id] ?? 'none',
    signature: parsed.signature,
    lines,
    missingRequired: lines.filter((line) => line.required && !line.held).map((line) => line.requestedKey),
    ...(refusal ? { refusal } : {})
  }
}

/** How a line is named to the person: the catalogue's label for a claim, else the path. */
function naming(wanted: RequestedField): Pick<DecisionLine, 'claim' | 'label' | 'knownClaim'> {
  if (wanted.claim === undefined) return { label: wanted.path ?? '' }
  const known = claimNamed(wanted.claim)
  return { claim: wanted.claim, label: known?.label ?? wanted.claim, knownClaim: known !== undefined }
}

/**
 * The person's choice of a subset, by requested key (a claim name or a path). Refuses a key the
 * request did not ask for or the vault does not hold, and anything at all when a standing policy
 * refuses the request; repeated keys count once.
 */
export function approve(decision: Decision, keys: readonly string[]): Approval {
  const byKey = new Map(decision.lines.map((line) => [line.requestedKey, line]))
  const chosen = new Set<string>()
  for (const key of keys) {
    const line = byKey.get(key)
    if (!line) throw badInput(`Cannot approve ${printable(key)}: the request did not ask for it`)
    if (!line.held) throw badInput(`Cannot approve ${key}: it is not in your vault`)
    chosen.add(key)
  }
  if (chosen.size > 0 && decision.refusal) {
    throw badInput(`Cannot share anything with this request: ${decision.refusal} (change it with \`mevault policy sold-individually ask\`)`)
  }
  return {
    request: { ...decision.request },
    keys: decision.lines.filter((line) => chosen.has(line.requestedKey)).map((line) => line.requestedKey)
  }
}

/** The answer the standing policy gives on its own: exactly the lines it would share. */
export function approveByPolicy(decision: Decision): Approval {
  return approve(
    decision,
    decision.lines.filter((line) => line.defaultChoice).map((line) => line.requestedKey)
  )
}

export function refuseAll(decision: Decision): Approval {
  return approve(decision, [])
}

export function previewOf(value: string): string {
  // Line breaks, terminal escapes and direction overrides would garble the one-line preview.
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  const oneLine = value.replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]+/g, ' ').trim()
  const chars = Array.from(oneLine)
  return chars.length > PREVIEW_LENGTH ? `${chars.slice(0, PREVIEW_LENGTH - 1).join('')}…` : oneLine
}

function printable(path: string): string {
  return JSON.stringify(String(path).slice(0, 80))
}
