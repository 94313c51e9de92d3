import type { Tier } from '../../shared/types.js'
import { ConfirmDialog } from './ConfirmDialog.js'
import { TIER_LABEL } from './tiers.js'

/** What making a field less private means, in plain words, for each tier it may go to. */
const CONSEQUENCE: Readonly<Record<Exclude<Tier, 'private'>, string>> = {
  restricted: 'It may then be shared with a requester when you say yes to a request for it.',
  public: 'It may then be shared by your policies without asking you each time.'
}

/** Asks before a field becomes less private; Cancel is the safe choice and has the focus first. */
export function ConfirmTierChange(props: {
  path: string
  from: Tier
  to: Exclude<Tier, 'private'>
  onConfirm: () => void
  onCancel: () => void
}) {
  return (
    <ConfirmDialog
      title={`Make ${props.path} ${TIER_LABEL[props.to].toLowerCase()}?`}
      confirmLabel={`Make it ${TIER_LABEL[props.to].toLowerCase()}`}
      onConfirm={props.onConfirm}
      onCancel={props.onCancel}
    >
      <p>
        {props.path} is {TIER_LABEL[props.from].toLowerCase()} now. {CONSEQUENCE[props.to]}
      </p>
    </ConfirmDialog>
  )
}
