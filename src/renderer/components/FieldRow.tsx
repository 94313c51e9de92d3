import type { KeyboardEvent } from 'react'
import type { FieldView, Tier } from '../../shared/types.js'
import { fieldLabel } from '../lib/readable-names.js'
import { CopyButton, copyAndSay } from './CopyButton.js'
import { isHidden, MaskedValue } from './MaskedValue.js'
import { RevealToggle } from './RevealToggle.js'
import { TierBadge } from './TierBadge.js'
import { TierSwitch } from './TierSwitch.js'

/**
 * One line of the field list: its readable label over its path, its value (dots while private and
 * not revealed), Reveal, Copy, and the tier in one click. Only the list's tab stop row is tabbable;
 * its own buttons follow it by Tab. On the row: Ctrl+C copies, Alt+R reveals or hides.
 */
export function FieldRow(props: {
  field: FieldView
  selected: boolean
  busy: boolean
  tabbable: boolean
  revealed: boolean
  onOpen: () => void
  onReveal: () => void
  onNote: (note: string) => void
  onTierChange: (tier: Tier) => void
}) {
  const { field } = props
  const label = fieldLabel(field)
  const hidden = isHidden(field.tier, props.revealed)
  const tabIndex = props.tabbable ? 0 : -1

  function onKeyDown(event: KeyboardEvent) {
    const key = event.key.toLowerCase()
    if ((event.ctrlKey || event.metaKey) && !event.altKey && key === 'c' && !window.getSelection()?.toString()) {
      event.preventDefault()
      void copyAndSay(field.value, props.onNote)
    } else if (event.altKey && !event.ctrlKey && !event.metaKey && (key === 'r' || event.code === 'KeyR') && field.tier === 'private') {
      event.preventDefault()
      props.onReveal()
    }
  }

  return (
    <div className={`field-row${props.selected ? ' selected' : ''}`} data-path={field.path} onKeyDown={onKeyDown}>
      {/* No aria-label: the name is the visible text (label, path, value or "hidden", tier). */}
      <button type="button" className="row-main" tabIndex={tabIndex} aria-current={props.selected ? 'true' : undefined} onClick={props.onOpen}>
        <span className="field-name">
          <span className="field">{label}</span> <span className="path">{field.path}</span>
        </span>{' '}
        <MaskedValue className="field-value" value={field.value} hidden={hidden} />
      </button>
      <span className="row-actions">
        {field.tier === 'private' && (
          <RevealToggle className="row-action compact" fieldLabel={field.path} revealed={props.revealed} onToggle={props.onReveal} tabIndex={tabIndex} />
        )}
        <CopyButton className="row-action compact" value={field.value} fieldLabel={field.path} onNote={props.onNote} tabIndex={tabIndex} />
      </span>
      <TierBadge tier={field.tier} />
      <TierSwitch fieldLabel={field.path} tier={field.tier} busy={props.busy} onChange={props.onTierChange} tabIndex={tabIndex} />
    </div>
  )
}
