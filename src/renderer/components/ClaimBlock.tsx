import { useState } from 'react'
import type { MeVaultApi } from '../../shared/api.js'
import { CLAIMS, claimNamed, claimSuggestedFor } from '../../shared/claims.js'
import type { FieldView } from '../../shared/types.js'
import { describeError } from './describe-error.js'

/**
 * Which claim of the shared vocabulary a field answers for: requests ask by claim, so this is how
 * a company's "date of birth" finds the person's own field. A field whose name obviously means a
 * claim is offered one, never tagged without the person.
 */
export function ClaimBlock({ api, field, onChanged }: { api: MeVaultApi; field: FieldView; onChanged: (field: FieldView) => void }) {
  const [choice, setChoice] = useState('')
  const [working, setWorking] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const current = field.claim === undefined ? undefined : claimNamed(field.claim)
  const suggested = current ? undefined : claimSuggestedFor(field.path)

  async function tag(claim: string | null) {
    setWorking(true)
    setError(null)
    try {
      onChanged(await api['fields.claim']({ path: field.path, claim }))
      setChoice('')
    } catch (failure) {
      setError(describeError(failure))
    } finally {
      setWorking(false)
    }
  }

  return (
    <div className="details-block">
      <h3>Answers requests for</h3>
      {current ? (
        <div className="row">
          <p>
            <strong>{current.label}</strong> <span className="hint">({current.name})</span>
          </p>
          <button type="button" disabled={working} onClick={() => void tag(null)} aria-label={`Stop using ${field.path} for ${current.label}`}>
            Stop using
          </button>
        </div>
      ) : (
        <>
          <p className="hint">Nothing yet: a request asking for a claim finds only the field tagged with it.</p>
          {suggested && (
            <p className="row">
              <span>This looks like your {suggested.label.toLowerCase()}.</span>
              <button type="button" disabled={working} onClick={() => void tag(suggested.name)}>
                Use it for “{suggested.label}”
              </button>
            </p>
          )}
          <form
            className="row"
            onSubmit={(event) => {
              event.preventDefault()
              if (choice) void tag(choice)
            }}
          >
            <select aria-label={`What ${field.path} is`} value={choice} onChange={(event) => setChoice(event.target.value)}>
              <option value="">Choose what it is…</option>
              {CLAIMS.map((claim) => (
                <option key={claim.name} value={claim.name}>
                  {claim.label}
                </option>
              ))}
            </select>
            <button type="submit" disabled={working || choice === ''}>
              Use for this
            </button>
          </form>
        </>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </div>
  )
}
