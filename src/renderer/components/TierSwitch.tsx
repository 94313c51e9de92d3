import { TIERS, type Tier } from '../../shared/types.js'
import { TierIcon } from './TierIcon.js'
import { TIER_HINT, TIER_LABEL } from './tiers.js'

/** Moves a field to another tier in one click; the current tier is the pressed button. */
export function TierSwitch(props: {
  fieldLabel: string
  tier: Tier
  busy: boolean
  onChange: (tier: Tier) => void
  /** Show the tier names beside the icons (the details pane has the room). */
  withLabels?: boolean
  /** -1 in a list row that is not the list's tab stop (roving tabindex). */
  tabIndex?: number
}) {
  return (
    <div className={`tier-switch${props.withLabels ? ' labelled' : ''}`} role="group" aria-label={`Tier of ${props.fieldLabel}`}>
      {TIERS.map((tier) => (
        <button
          key={tier}
          type="button"
          className={`tier-option tier-${tier}`}
          aria-pressed={props.tier === tier}
          aria-label={`Make ${props.fieldLabel} ${TIER_LABEL[tier].toLowerCase()}`}
          title={`${TIER_LABEL[tier]}: ${TIER_HINT[tier]}`}
          disabled={props.busy}
          tabIndex={props.tabIndex}
          onClick={() => props.tier !== tier && props.onChange(tier)}
        >
          <TierIcon tier={tier} />
          {props.withLabels && <span aria-hidden="true">{TIER_LABEL[tier]}</span>}
        </button>
      ))}
    </div>
  )
}
