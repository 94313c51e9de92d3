import { TIER_RULES, type PolicyView, type RequesterRule, type TierRule } from '../../shared/api.js'
import { badInput } from '../../shared/errors.js'
import type { Tier } from '../../shared/types.js'
import { updatePolicy } from '../policy-store/index.js'
import { setRequesterRule, type Policy } from '../requests/policy.js'
import type { Vault } from '../vault/vault.js'
import { policyView } from './answer-requests.js'

/** The typed API's single-rule policy edits: what `mevault policy set` and `policy requester` do. */

/** One tier's rule. A tier rule never pre-approves restricted or private fields: "share" is for public only. */
export async function setTierRule(vault: Vault, tier: Tier, rule: TierRule): Promise<PolicyView> {
  const allowed: readonly string[] = TIER_RULES[tier]
  if (!allowed.includes(rule)) throw badInput(`The rule for ${tier} fields is ${allowed.join(', ').replace(/, ([^,]*)$/, ' or $1')}`)
  await updatePolicy(vault, (policy) => ({ ...policy, tiers: { ...policy.tiers, [tier]: rule } }) as Policy)
  return policyView(vault)
}

/** One requester's rule by did:key; "none" removes it. The core checks the did:key decodes. */
export async function setRequesterRuleFor(vault: Vault, requester: string, rule: RequesterRule | 'none'): Promise<PolicyView> {
  await updatePolicy(vault, (policy) => setRequesterRule(policy, requester, rule))
  return policyView(vault)
}
