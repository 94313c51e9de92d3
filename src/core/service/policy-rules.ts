import type { PolicyView, RequesterRule, TierRule } from '../../shared/api.js'
import type { Tier } from '../../shared/types.js'
import { updatePolicy } from '../policy-store/index.js'
import { setRequesterRule, setTierRule } from '../requests/policy.js'
import type { Vault } from '../vault/vault.js'
import { policyView } from './answer-requests.js'

/** The typed API's single-rule policy edits: what `mevault policy set` and `policy requester` do. */

/** One tier's rule (checked by the core: "share" is for public fields only). */
export async function setTierRuleFor(vault: Vault, tier: Tier, rule: TierRule): Promise<PolicyView> {
  await updatePolicy(vault, (policy) => setTierRule(policy, tier, rule))
  return policyView(vault)
}

/** One requester's rule by did:key; "none" removes it. The core checks the did:key decodes. */
export async function setRequesterRuleFor(vault: Vault, requester: string, rule: RequesterRule | 'none'): Promise<PolicyView> {
  await updatePolicy(vault, (policy) => setRequesterRule(policy, requester, rule))
  return policyView(vault)
}
