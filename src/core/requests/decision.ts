import { badInput } from '../../shared/errors.js'
import type { ConsentLine, FieldView } from '../../shared/types.js'
import type { ParsedRequest } from './parse-request.js'
import { type Policy, type RequesterRule, suggest } from './policy.js'
import type { RequestSignature } from './request-signature.js'
import { requestedKey } from './request-schema.js'

/** One requested field as the consent screen shows it (the shape is part of the UI contract). */
export type DecisionLine = ConsentLine

export interface Decision {
  request: { id: string; sha256: string }
  requester: { name: string; id: string; url: string }
  requesterRule: RequesterRule | 'none'
  signature: RequestSignature
  lines: DecisionLine[]
  /** Required fields the vault does not hold. */
  missingRequired: string[]
}

/** The paths the person agreed to share, bound to one request by its hash. */
export interface Approval {
  request: { id: string; sha256: string }
  /** In the order the request lists them. Empty means "refuse everything". */
  paths: string[]
}

const PREVIEW_LENGTH = 40

/** Lines up each requested field with what the vault holds and what the policy suggests. */
export function decide(parsed: ParsedRequest, fields: readonly FieldView[], policy: Policy): Decision {
  const { request } = parsed
  const held = new Map<string, FieldView>()
  for (const field of fields) if (!held.has(field.path)) held.set(field.path, field)

  const lines = request.fields.map((wanted): DecisionLine => {
    const key = requestedKey(wanted)
    const field = wanted.path === undefined ? undefined : held.get(wanted.path)
    const base = { path: key, purpose: wanted.purpose, required: wanted.required }
    if (!field) {
      return { ...base, held: false, suggestion: 'missing', reason: 'not in your vault', defaultChoice: false }
    }
    const { suggestion, reason } = suggest(policy, field.tier, request.requester.id, parsed.signature)
    return {
      ...base,
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
    missingRequired: lines.filter((line) => line.required && !line.held).map((line) => line.path)
  }
}

/**
 * The person's choice of a subset. Refuses a path the request did not ask for or the vault does
 * not hold; repeated paths count once.
 */
export function approve(decision: Decision, paths: readonly string[]): Approval {
  const byPath = new Map(decision.lines.map((line) => [line.path, line]))
  const chosen = new Set<string>()
  for (const path of paths) {
    const line = byPath.get(path)
    if (!line) throw badInput(`Cannot approve ${printable(path)}: the request did not ask for it`)
    if (!line.held) throw badInput(`Cannot approve ${path}: it is not in your vault`)
    chosen.add(path)
  }
  return {
    request: { ...decision.request },
    paths: decision.lines.filter((line) => chosen.has(line.path)).map((line) => line.path)
  }
}

/** The answer the standing policy gives on its own: exactly the lines it would share. */
export function approveByPolicy(decision: Decision): Approval {
  return approve(
    decision,
    decision.lines.filter((line) => line.defaultChoice).map((line) => line.path)
  )
}

export function refuseAll(decision: Decision): Approval {
  return approve(decision, [])
}

function previewOf(value: string): string {
  // Line breaks, terminal escapes and direction overrides would garble the one-line preview.
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  const oneLine = value.replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]+/g, ' ').trim()
  const chars = Array.from(oneLine)
  return chars.length > PREVIEW_LENGTH ? `${chars.slice(0, PREVIEW_LENGTH - 1).join('')}…` : oneLine
}

function printable(path: string): string {
  return JSON.stringify(String(path).slice(0, 80))
}
