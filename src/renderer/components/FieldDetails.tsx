import { useEffect, useRef, useState, type FormEvent } from 'react'
import type { MeVaultApi } from '../../shared/api.js'
import type { FieldVersion, FieldView, Tier } from '../../shared/types.js'
import { formatWhen } from '../lib/durations.js'
import { fieldLabel, recordDisplayName } from '../lib/readable-names.js'
import { ClaimBlock } from './ClaimBlock.js'
import { CopyButton } from './CopyButton.js'
import { isHidden, MaskedValue } from './MaskedValue.js'
import { RenameRecord } from './RenameRecord.js'
import { RevealToggle } from './RevealToggle.js'
import { DeleteConfirmation } from './DeleteConfirmation.js'
import { describeError } from './describe-error.js'
import { TierBadge } from './TierBadge.js'
import { TierSwitch } from './TierSwitch.js'
import { TIER_HINT } from './tiers.js'
import { ValueInput } from './ValueInput.js'

/** The right-hand pane: edit the value, change the tier, delete, and go back in history. */
export function FieldDetails(props: {
  api: MeVaultApi
  field: FieldView
  onChanged: (field: FieldView | null) => void
  onTierChange: (tier: Tier) => void
  /** Names the field's record (see RenameRecord); true once done. */
  onRenameRecord: (record: string, name: string, previous: string | undefined) => Promise<boolean>
  /** Told after a delete, so the screen can offer Undo. */
  onDeleted?: (path: string) => void
  busy: boolean
  /** A private value is hidden (not in the page at all) until revealed. */
  revealed: boolean
  onReveal: () => void
  /** Says something for a while (e.g. "Copied — clears in 30 s."). */
  onNote: (note: string) => void
}) {
  const { api, field } = props
  const hidden = isHidden(field.tier, props.revealed)
  const [draft, setDraft] = useState(field.value)
  const [history, setHistory] = useState<FieldVersion[] | null>(null)
  const [confirmDelete, setConfirmDelete] = useState(false)
  const [message, setMessage] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [working, setWorking] = useState(false)
  const deleteRef = useRef<HTMLButtonElement>(null)

  // Another field clears what was said about this one; a new value of the same field (the one just
  // saved or restored here) keeps "Saved." / "Restored." on screen.
  useEffect(() => {
    setConfirmDelete(false)
    setMessage(null)
    setError(null)
  }, [field.path])
  useEffect(() => setDraft(field.value), [field.path, field.value])

  useEffect(() => {
    let current = true
    api['fields.history']({ path: field.path }).then(
      (versions) => current && setHistory(versions),
      (failure: unknown) => current && setError(describeError(failure))
    )
    return () => {
      current = false
    }
  }, [api, field.path, field.updatedAt, field.tier])

  async function run(action: () => Promise<FieldView | null>, done: string, typed?: string) {
    setWorking(true)
    setError(null)
    try {
      const result = await action()
      props.onChanged(result)
      // The vault keeps one canonical form (an email in lower case, money as "12.50 EUR"): say so when it differs.
      setMessage(typed !== undefined && result && result.value !== typed.trim() ? `Saved as ${result.value}.` : done)
    } catch (failure) {
      setError(describeError(failure))
    } finally {
      setWorking(false)
    }
  }

  function save(event: FormEvent) {
    event.preventDefault()
    void run(() => api['fields.set']({ path: field.path, value: draft, type: field.type }), 'Saved.', draft)
  }

  return (
    <section className="details" aria-labelledby="details-title">
      <header className="details-header">
        <div>
          <div className="record-line">
            <p className="record-name">
              {recordDisplayName(field.record, field.recordName)}
              {field.recordName !== undefined && <> <span className="record-key">{field.record}</span></>}
            </p>
            <RenameRecord
              place="details"
              text="Rename record"
              record={field.record}
              shown={recordDisplayName(field.record, field.recordName)}
              name={field.recordName}
              tabIndex={0}
              onRename={props.onRenameRecord}
            />
          </div>
          <h2 id="details-title">{fieldLabel(field)}</h2>
          <p className="hint">
            <span className="path">{field.path}</span> · {field.type} · changed {formatWhen(field.updatedAt)} on {field.device}
          </p>
        </div>
        <TierBadge tier={field.tier} />
      </header>

      <div className="details-block">
        <h3>Tier</h3>
        <TierSwitch fieldLabel={field.path} tier={field.tier} busy={props.busy} onChange={props.onTierChange} withLabels />
        <p className="hint">{TIER_HINT[field.tier]}.</p>
      </div>

      <ClaimBlock api={api} field={field} onChanged={props.onChanged} />

      {/* noValidate: every type is checked by the vault and answered in the app's words, never by a browser popup. */}
      <div className="details-block value-block">
        <h3>Value</h3>
        {/* Revealed, the value shows in its edit box below. */}
        {hidden && <MaskedValue className="details-value" value={field.value} hidden />}
        <div className="row">
          {field.tier === 'private' && <RevealToggle fieldLabel={field.path} revealed={props.revealed} onToggle={props.onReveal} />}
          <CopyButton value={field.value} fieldLabel={field.path} onNote={props.onNote} />
        </div>
      </div>

      <form className="details-block" onSubmit={save} aria-label={`Edit ${field.path}`} noValidate>
        {hidden ? (
          <p className="hint">Private: reveal the value to see or change it.</p>
        ) : (
          <ValueInput id="edit-value" label={`Value of ${field.path}`} type={field.type} value={draft} onChange={setDraft} />
        )}
        <div className="row">
          {!hidden && (
            <button type="submit" className="primary" disabled={working || draft === field.value}>
              Save
            </button>
          )}
          {!confirmDelete ? (
            <button type="button" className="danger-outline" ref={deleteRef} onClick={() => setConfirmDelete(true)} disabled={working}>
              Delete…
            </button>
          ) : (
            <DeleteConfirmation
              path={field.path}
              onCancel={() => setConfirmDelete(false)}
              returnFocusTo={() => deleteRef.current}
              onDelete={() =>
                void run(async () => {
                  await api['fields.remove']({ path: field.path })
                  props.onDeleted?.(field.path)
                  return null
                }, 'Deleted.')
              }
            />
          )}
        </div>
        {message && <p className="hint" role="status">{message}</p>}
        {error && <p role="alert" className="error">{error}</p>}
      </form>

      <div className="details-block">
        <h3>History</h3>
        {history === null ? (
          <p className="hint">Loading history…</p>
        ) : (
          <ol className="history" aria-label={`History of ${field.path}`} reversed>
            {[...history].reverse().map((version, index) => (
              <li key={version.version}>
                <div>
                  {version.value === null ? (
                    <span className="history-value">(deleted)</span>
                  ) : (
                    <MaskedValue className="history-value" value={version.value} hidden={hidden} />
                  )}
                  <span className="hint">
                    {formatWhen(version.at)} · {version.device}
                  </span>
                </div>
                {version.tier && <TierBadge tier={version.tier} />}
                {index > 0 && (
                  <button
                    type="button"
                    disabled={working}
                    aria-label={`Restore version ${version.version} of ${field.path}`}
                    onClick={() => void run(() => api['fields.restore']({ path: field.path, version: version.version }), 'Restored.')}
                  >
                    Restore
                  </button>
                )}
              </li>
            ))}
          </ol>
        )}
      </div>
    </section>
  )
}
