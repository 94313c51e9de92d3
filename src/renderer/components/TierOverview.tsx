import { TIERS, type FieldView } from '../../shared/types.js'
import { TierIcon } from './TierIcon.js'
import { TIER_HINT, TIER_LABEL } from './tiers.js'

/** At a glance: how much of the vault is private, restricted and public. */
export function TierOverview({ fields }: { fields: FieldView[] }) {
  return (
    <ul className="tier-overview" aria-label="Fields by tier">
      {TIERS.map((tier) => (
        <li key={tier} className={`tier-${tier}`} title={TIER_HINT[tier]}>
          <TierIcon tier={tier} />
          <span className="count">{fields.filter((f) => f.tier === tier).length}</span>
          <span>{TIER_LABEL[tier]}</span>
        </li>
      ))}
    </ul>
  )
}
