import type { FieldView, Tier } from '../../shared/types.js'
import { TierBadge } from './TierBadge.js'
import { TierSwitch } from './TierSwitch.js'

/** One line of the field list: open it (details on the right), or move it to another tier in one click. */
export function FieldRow(props: {
  field: FieldView
  selected: boolean
  busy: boolean
  onOpen: () => void
  onTierChange: (tier: Tier) => void
}) {
  const { field } = props
  return (
    <div className={`field-row${props.selected ? ' selected' : ''}`} data-path={field.path}>
      <button
        type="button"
        className="row-main"
        aria-current={props.selected ? 'true' : undefined}
        aria-label={`${field.path}, ${field.tier}`}
        onClick={props.onOpen}
      >
        <span className="field-name">
          <span className="field">{field.field}</span>
          <span className="record">{field.record}</span>
        </span>
        <span className="field-value">{field.value}</span>
      </button>
      <TierBadge tier={field.tier} />
      <TierSwitch fieldLabel={field.path} tier={field.tier} busy={props.busy} onChange={props.onTierChange} />
    </div>
  )
}
