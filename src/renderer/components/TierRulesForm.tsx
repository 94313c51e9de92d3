import { TIER_RULES, type MeVaultApi, type PolicyView, type TierRule } from '../../shared/api.js'
import { TIERS } from '../../shared/types.js'
import { TierIcon } from './TierIcon.js'
import { TIER_LABEL } from './tiers.js'

const RULE_TEXT: Record<TierRule, string> = {
  share: 'Pre-approve (you still confirm)',
  ask: 'Ask me',
  never: 'Suggest not sharing'
}

/** One rule per tier. Only public fields can be pre-approved; private ones are never suggested for sharing. */
export function TierRulesForm(props: { api: MeVaultApi; policy: PolicyView; onSaved: (view: PolicyView) => void; onError: (failure: unknown) => void }) {
  const { api, policy } = props

  async function change(tier: keyof PolicyView['tiers'], rule: TierRule) {
    try {
      props.onSaved(await api['policy.setTierRule']({ tier, rule }))
    } catch (failure) {
      props.onError(failure)
    }
  }

  return (
    <div className="tier-rules">
      {TIERS.map((tier) => (
        <div key={tier} className={`tier-rule tier-${tier}`}>
          <label htmlFor={`tier-rule-${tier}`}>
            <TierIcon tier={tier} /> {TIER_LABEL[tier]} fields
          </label>
          <select id={`tier-rule-${tier}`} className="narrow" value={policy.tiers[tier]} onChange={(e) => void change(tier, e.target.value as TierRule)}>
            {TIER_RULES[tier].map((rule) => (
              <option key={rule} value={rule}>
                {RULE_TEXT[rule]}
              </option>
            ))}
          </select>
        </div>
      ))}
      <p className="hint">
        A tier rule never pre-approves restricted or private fields (only a requester you always allow can have restricted ones pre-approved, below). Private fields are never suggested for sharing, not even to a requester you always allow: you tick them yourself.
      </p>
    </div>
  )
}
