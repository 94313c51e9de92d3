import { TIERS, type Tier } from '../../shared/types.js'
import { TierIcon } from './TierIcon.js'
import { TIER_HINT, TIER_LABEL } from './tiers.js'

/**
 * The vault at a glance, as the seed's picture: public around restricted around private, each
 * ring with its count. Clicking a ring (or its legend button, for keyboards) filters the list.
 */
export function TierVenn(props: { counts: Record<Tier, number>; filter: Tier | null; onFilter: (tier: Tier | null) => void }) {
  const toggle = (tier: Tier) => props.onFilter(props.filter === tier ? null : tier)
  const ring = (tier: Tier, r: number, cy: number, labelY: number) => (
    <g className={`venn-ring tier-${tier}${props.filter === tier ? ' selected' : ''}`} onClick={() => toggle(tier)}>
      <circle cx="90" cy={cy} r={r} />
      <text x="90" y={labelY} textAnchor="middle" className="venn-count">
        {props.counts[tier]}
      </text>
    </g>
  )
  return (
    <div className="tier-venn">
      <svg viewBox="0 0 180 150" width="150" height="125" aria-hidden="true" focusable="false">
        {ring('public', 72, 76, 26)}
        {ring('restricted', 48, 98, 68)}
        {ring('private', 24, 120, 125)}
      </svg>
      <ul className="tier-overview" aria-label="Fields by tier">
        {TIERS.map((tier) => (
          <li key={tier}>
            <button
              type="button"
              className={`tier-filter tier-${tier}`}
              aria-pressed={props.filter === tier}
              title={`${TIER_HINT[tier]}. Show only ${TIER_LABEL[tier].toLowerCase()} fields`}
              onClick={() => toggle(tier)}
            >
              <TierIcon tier={tier} />
              <span className="count">{props.counts[tier]}</span>
              <span>{TIER_LABEL[tier]}</span>
            </button>
          </li>
        ))}
      </ul>
    </div>
  )
}
