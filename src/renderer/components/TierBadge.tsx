import type { Tier } from '../../shared/types.js'
import { TierIcon } from './TierIcon.js'
import { TIER_HINT, TIER_LABEL } from './tiers.js'

export function TierBadge({ tier }: { tier: Tier }) {
  return (
    <span className={`tier-badge tier-${tier}`} title={TIER_HINT[tier]}>
      <TierIcon tier={tier} />
      {TIER_LABEL[tier]}
    </span>
  )
}
