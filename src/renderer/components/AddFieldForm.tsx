import { useState, type FormEvent } from 'react'
import { FIELD_PATH_PATTERN, type MeVaultApi } from '../../shared/api.js'
import { CLAIMS, claimNamed } from '../../shared/claims.js'
import { FIELD_TYPES, TIERS, type FieldType, type FieldView, type Tier } from '../../shared/types.js'
import { isMeVaultError } from '../../shared/errors.js'
import { useEscapeToClose } from '../lib/use-escape-to-close.js'
import { describeError } from './describe-error.js'
import { ExistingFieldNotice } from './ExistingFieldNotice.js'
import { TIER_HINT, TIER_LABEL } from './tiers.js'
import { ValueInput } from './ValueInput.js'

const TYPE_LABEL: Record<FieldType, string> = {
  text: 'Text',
  number: 'Number',
  date: 'Date',
  email: 'Email',
  phone: 'Phone',
  url: 'Web address',
  address: 'Postal address',
  money: 'Money'
}

/** A new field is private unless the person picks another tier. */
export function AddFieldForm({
  api,
  onAdded,
  onCancel,
  onOpenExisting,
  defaultRecord = ''
}: {
  api: MeVaultApi
  /** `note`: set when the vault stored the value in its canonical form, not as typed ("Saved as …"). */
  onAdded: (field: FieldView, note?: string) => void
  onCancel?: () => void
  /** Opens the field already at the path the person typed (Add never replaces it). */
  onOpenExisting?: (path: string) => void
  defaultRecord?: string
}) {
  const [claim, setClaim] = useState('')
  const [record, setRecord] = useState(defaultRecord)
  const [field, setField] = useState('')
  const [value, setValue] = useState('')
  const [type, setType] = useState<FieldType>('text')
  const [tier, setTier] = useState<Tier>('private')
  const [error, setError] = useState<string | null>(null)
  const [existing, setExisting] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  // Escape cancels (when there is a list to go back to), and the focus returns to New field.
  const closing = useEscapeToClose<HTMLFormElement>(onCancel)

  /** Picking a claim fills in where it goes, its type and its usual tier; all can still be changed. */
  function choose(name: string) {
    setClaim(name)
    const chosen = claimNamed(name)
    if (!chosen) return
    const [chosenRecord, chosenField] = chosen.path.split('.') as [string, string]
    setRecord(chosenRecord)
    setField(chosenField)
    setType(chosen.type)
    setTier(chosen.tier)
  }

  async function submit(event: FormEvent) {
    event.preventDefault()
    const path = `${record.trim()}.${field.trim()}`
    if (!FIELD_PATH_PATTERN.test(path)) {
      return setError('Record and field names start with a letter or digit, then letters, digits, "-" or "_" (e.g. contact and email).')
    }
    setError(null)
    setExisting(null)
    setBusy(true)
    try {
      const added = await api['fields.set']({ path, value, type, tier, create: true, ...(claim ? { claim } : {}) })
      onAdded(added, added.value !== value.trim() ? `Saved ${added.path} as ${added.value}.` : undefined)
    } catch (failure) {
      if (isMeVaultError(failure, 'EXISTS')) setExisting(path)
      else setError(describeError(failure))
    } finally {
      setBusy(false)
    }
  }

  return (
    // noValidate: every type is checked by the vault and answered in the app's words, never by a browser popup.
    <form className="add-field details" onSubmit={(e) => void submit(e)} aria-labelledby="add-field-title" noValidate {...closing}>
      <h2 id="add-field-title">Add a field</h2>
      <p className="hint">A record groups fields, like “contact” for email and phone. New fields start private.</p>
      <div className="add-field-grid">
        <div className="wide">
          <label htmlFor="add-claim">What is it?</label>
          <select id="add-claim" autoFocus value={claim} onChange={(e) => choose(e.target.value)} aria-describedby="add-claim-hint">
            <option value="">Something else (name it yourself)</option>
            {CLAIMS.map((c) => (
              <option key={c.name} value={c.name}>
                {c.label}
              </option>
            ))}
          </select>
          <p className="hint" id="add-claim-hint">
            Requests ask for these by name: a field marked “Date of birth” answers every request for a date of birth.
          </p>
        </div>
        <div>
          <label htmlFor="add-record">Record</label>
          <input id="add-record" value={record} onChange={(e) => setRecord(e.target.value)} placeholder="contact" />
        </div>
        <div>
          <label htmlFor="add-field-name">Field</label>
          <input id="add-field-name" value={field} onChange={(e) => setField(e.target.value)} placeholder="email" />
        </div>
        <div>
          <label htmlFor="add-type">Type</label>
          <select id="add-type" value={type} onChange={(e) => setType(e.target.value as FieldType)}>
            {FIELD_TYPES.map((t) => (
              <option key={t} value={t}>
                {TYPE_LABEL[t]}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="add-tier">Tier</label>
          <select id="add-tier" value={tier} onChange={(e) => setTier(e.target.value as Tier)} aria-describedby="add-tier-hint">
            {TIERS.map((t) => (
              <option key={t} value={t}>
                {TIER_LABEL[t]}
              </option>
            ))}
          </select>
          <p className="hint" id="add-tier-hint">{TIER_HINT[tier]}.</p>
        </div>
        <div className="wide">
          <ValueInput id="add-value" label="Value" type={type} value={value} onChange={setValue} />
        </div>
      </div>
      {error && <p role="alert" className="error">{error}</p>}
      {existing && <ExistingFieldNotice path={existing} onOpen={onOpenExisting} />}
      <div className="row">
        <button type="submit" className="primary" disabled={busy}>
          Add field
        </button>
        {onCancel && (
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  )
}
