import { useEffect, useState } from 'react'
import type { MeVaultApi } from '../../shared/api.js'
import type { FieldView, RemovedField } from '../../shared/types.js'
import { formatWhen } from '../lib/durations.js'
import { useEscapeToClose } from '../lib/use-escape-to-close.js'
import { useRovingFocus } from '../lib/use-roving-focus.js'
import { describeError } from './describe-error.js'
import { isHidden, MaskedValue } from './MaskedValue.js'
import { RevealToggle } from './RevealToggle.js'
import { TierBadge } from './TierBadge.js'
import { useRevealed } from '../lib/use-revealed.js'

/**
 * Deleted fields, newest first: each comes back with its last value and tier. A private value shows
 * as dots (not in the page) until Reveal on its line or Alt+R, as in the field list.
 */
export function TrashPanel(props: { api: MeVaultApi; version: number; onRestored: (field: FieldView) => void; onClose: () => void }) {
  const { api, version } = props
  const [removed, setRemoved] = useState<RemovedField[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [working, setWorking] = useState(false)
  /** Private values revealed here (by path), while the trash is open. */
  const [revealed, toggleReveal] = useRevealed()
  // Escape closes the trash, and the focus goes back to the Trash button.
  const closing = useEscapeToClose<HTMLElement>(props.onClose)
  // One Tab stop for the deleted fields: ↑ ↓ between them, Tab to the active one's Restore.
  const listRef = useRovingFocus<HTMLUListElement>()

  useEffect(() => {
    let current = true
    api['fields.removed']().then(
      (fields) => current && setRemoved(fields),
      (failure: unknown) => current && setError(describeError(failure))
    )
    return () => {
      current = false
    }
  }, [api, version])

  async function restore(field: RemovedField) {
    setWorking(true)
    setError(null)
    try {
      const restored = await api['fields.restore']({ path: field.path, version: field.lastVersion })
      if (restored) props.onRestored(restored)
    } catch (failure) {
      setError(describeError(failure))
    } finally {
      setWorking(false)
    }
  }

  return (
    <section className="details trash" aria-labelledby="trash-title" {...closing}>
      <h2 id="trash-title">Trash</h2>
      <p className="hint">Deleted fields stay here, with their history. Restore brings back the last value and tier.</p>
      {error && <p role="alert" className="error">{error}</p>}
      {removed === null ? (
        !error && <p className="hint">Opening the trash…</p>
      ) : removed.length === 0 ? (
        <p className="empty">The trash is empty.</p>
      ) : (
        <ul className="trash-list" aria-label="Deleted fields" ref={listRef}>
          {removed.map((field) => (
            <li
              key={field.path}
              onKeyDown={(event) => {
                if (!event.altKey || event.ctrlKey || event.metaKey || event.code !== 'KeyR' || field.tier !== 'private') return
                event.preventDefault()
                toggleReveal(field.path)
              }}
            >
              <div>
                <span className="trash-path">{field.path}</span>
                <MaskedValue className="trash-value" value={field.value} hidden={isHidden(field.tier, revealed.has(field.path))} />
                <span className="hint">
                  deleted {formatWhen(field.removedAt)} on {field.removedOn}
                </span>
              </div>
              <TierBadge tier={field.tier} />
              {field.tier === 'private' && (
                <RevealToggle fieldLabel={field.path} revealed={revealed.has(field.path)} onToggle={() => toggleReveal(field.path)} />
              )}
              <button type="button" disabled={working} aria-label={`Restore ${field.path}`} onClick={() => void restore(field)}>
                Restore
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="row">
        <button type="button" onClick={props.onClose}>
          Close
        </button>
      </div>
    </section>
  )
}
