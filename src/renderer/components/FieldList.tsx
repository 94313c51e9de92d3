import type { FieldView, Tier } from '../../shared/types.js'
import { TierBadge } from './TierBadge.js'
import { TierSwitch } from './TierSwitch.js'

export function FieldList(props: {
  fields: FieldView[]
  busyPath: string | null
  emptyText: string
  onTierChange: (field: FieldView, tier: Tier) => void
}) {
  if (props.fields.length === 0) return <p className="empty">{props.emptyText}</p>
  return (
    <ul className="field-list" aria-label="Fields">
      {props.fields.map((field) => (
        <li key={field.path} className="field-row" data-path={field.path}>
          <div className="field-name">
            <span className="record">{field.record}</span>
            <span className="field">{field.field}</span>
          </div>
          <div className="field-value">{field.value}</div>
          <TierBadge tier={field.tier} />
          <TierSwitch
            fieldLabel={field.path}
            tier={field.tier}
            busy={props.busyPath === field.path}
            onChange={(tier) => props.onTierChange(field, tier)}
          />
        </li>
      ))}
    </ul>
  )
}
