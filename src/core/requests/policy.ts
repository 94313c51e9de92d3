import { z } from 'zod'
import { TIER_RULES } from '../../shared/api.js'
import { badInput } from '../../shared/errors.js'
import type { Tier } from '../../shared/types.js'
import type { RequestSignature } from './request-signature.js'
import { type DeclaredUse, didKeySchema } from './request-schema.js'

/**
 * Standing policies: what MeVault suggests before the person decides. A policy never shares
 * anything by itself beyond its "share" suggestion, and never suggests sharing a private field.
 */
const requesterRuleSchema = z.enum(['allow', 'ask', 'block'])

export const policySchema = z.strictObject({
  tiers: z.strictObject({
    public: z.enum(['share', 'ask', 'never']),
    restricted: z.enum(['ask', 'never']),
    private: z.enum(['ask', 'never'])
  }),
  /** Per requester did:key: always allow, always ask, or block. */
  requesters: z.record(didKeySchema, requesterRuleSchema),
  /** Refuse, whole, every request whose declared use sells or shares the data per person. Absent: false. */
  refuseSoldIndividually: z.boolean().optional()
})

export type Policy = z.infer<typeof policySchema>
export type RequesterRule = Policy['requesters'][string]
export type Suggestion = 'share' | 'ask' | 'never'

export const POLICY_PRESETS = ['ask-first', 'share-public', 'share-nothing', 'ask-me'] as const
export type PolicyPreset = (typeof POLICY_PRESETS)[number]

const PRESET_TIERS: Record<PolicyPreset, Policy['tiers']> = {
  // The starting rules (DEFAULT_POLICY), named so a fresh vault shows which preset it follows.
  'ask-first': { public: 'ask', restricted: 'ask', private: 'never' },
  'share-public': { public: 'share', restricted: 'ask', private: 'never' },
  'share-nothing': { public: 'never', restricted: 'never', private: 'never' },
  'ask-me': { public: 'ask', restricted: 'ask', private: 'ask' }
}

/** Before the person chooses: ask about public and restricted fields, never offer private ones. */
export const DEFAULT_POLICY: Policy = {
  tiers: { public: 'ask', restricted: 'ask', private: 'never' },
  requesters: {}
}

/** A one-step preset: replaces the tier rules and keeps the per-requester rules and the refusal of sales. */
export function applyPreset(policy: Policy, preset: PolicyPreset): Policy {
  const tiers = PRESET_TIERS[preset]
  if (!tiers) throw badInput(`Unknown policy preset; use one of ${POLICY_PRESETS.join(', ')}`)
  return { ...policy, tiers: { ...tiers }, requesters: { ...policy.requesters } }
}

/** Turns the standing refusal of requests that sell data individually on or off. */
export function setRefuseSoldIndividually(policy: Policy, refuse: boolean): Policy {
  const { refuseSoldIndividually: _old, ...rest } = policy
  return refuse ? { ...rest, refuseSoldIndividually: true } : rest
}

/**
 * Why the standing policy refuses a request whole, whatever its fields' tiers and the requester's
 * rule: today only a declared use that sells or shares the data per person, when the person said so.
 */
export function standingRefusal(policy: Policy, use: DeclaredUse | undefined): string | undefined {
  if (policy.refuseSoldIndividually && use?.sharing === 'sold-individually') {
    return 'you refuse requests that sell your data individually'
  }
  return undefined
}

/** One tier's rule. A tier rule never pre-approves restricted or private fields: "share" is for public only. */
export function setTierRule(policy: Policy, tier: Tier, rule: string): Policy {
  const allowed: readonly string[] = TIER_RULES[tier]
  if (!allowed.includes(rule)) throw badInput(`The rule for ${tier} fields is ${allowed.join(', ').replace(/, ([^,]*)$/, ' or $1')}`)
  return { ...policy, tiers: { ...policy.tiers, [tier]: rule } as Policy['tiers'], requesters: { ...policy.requesters } }
}

export function setRequesterRule(policy: Policy, requesterId: string, rule: RequesterRule | 'none'): Policy {
  const parsedId = didKeySchema.safeParse(requesterId)
  if (!parsedId.success) throw badInput('A requester rule needs the requester’s did:key')
  const requesters = { ...policy.requesters }
  if (rule === 'none') delete requesters[parsedId.data]
  else {
    const parsedRule = requesterRuleSchema.safeParse(rule)
    if (!parsedRule.success) throw badInput('A requester rule is allow, ask, block or none')
    requesters[parsedId.data] = parsedRule.data
  }
  return { ...policy, tiers: { ...policy.tiers }, requesters }
}

/** Reads a stored or typed-in policy; BAD_INPUT names the first bad member. */
export function parsePolicy(value: unknown): Policy {
  const result = policySchema.safeParse(value)
  if (result.success) return result.data
  const issue = result.error.issues[0]
  const where = issue?.path.map(String).join('.') || 'policy'
  throw badInput(`The policy is not valid: ${where.slice(0, 120)}: ${issue?.message ?? 'invalid'}`)
}

/**
 * What the policy suggests for one held field, and why. "allow" only counts for a request the
 * requester has provably signed: otherwise anyone could put a trusted did:key in a request.
 * Even "allow" never suggests sharing a private field: that always takes the person's own choice.
 */
export function suggest(
  policy: Policy,
  tier: Tier,
  requesterId: string,
  signature: RequestSignature
): { suggestion: Suggestion; reason: string } {
  const tierRule = policy.tiers[tier]
  const byTier = { suggestion: tierRule, reason: `your policy for ${tier} fields says ${tierRule}` }
  switch (policy.requesters[requesterId]) {
    case 'block':
      return { suggestion: 'never', reason: 'you blocked this requester' }
    case 'ask':
      return tierRule === 'never' ? byTier : { suggestion: 'ask', reason: 'you asked to be asked about this requester' }
    case 'allow':
      if (tier === 'private') return byTier
      if (signature.status !== 'valid') {
        return { suggestion: 'ask', reason: 'you allow this requester, but this request is not signed by them' }
      }
      return { suggestion: 'share', reason: 'you always allow this requester' }
    default:
      return byTier
  }
}
