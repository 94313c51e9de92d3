import { useEffect, useState } from 'react'
import type { MeVaultApi } from '../../shared/api.js'
import type { FieldView } from '../../shared/types.js'
import { useEscapeToClose } from '../lib/use-escape-to-close.js'
import { describeError } from './describe-error.js'
import { SaveTextLink } from './SaveTextLink.js'

/** Export (issue 14 §3): chosen fields as CSV, or as a vCard of those that carry a claim. Plaintext, said so. */
export function ExportPanel(props: { api: MeVaultApi; onClose: () => void }) {
  const [fields, setFields] = useState<FieldView[] | null>(null)
  const [chosen, setChosen] = useState<Set<string>>(new Set())
  const [made, setMade] = useState<{ text: string; fileName: string; mediaType: string; note: string } | null>(null)
  const [error, setError] = useState<string | null>(null)
  // Escape is Close, and the focus goes back to the Export button.
  const closing = useEscapeToClose<HTMLElement>(props.onClose)

  useEffect(() => {
    props.api['fields.list']().then(
      (list) => {
        setFields(list)
        setChosen(new Set(list.map((f) => f.path)))
      },
      (e: unknown) => setError(describeError(e))
    )
  }, [props.api])

  const make = async (kind: 'csv' | 'vcard'): Promise<void> => {
    setError(null)
    setMade(null)
    try {
      const paths = [...chosen]
      if (kind === 'csv') {
        const csv = await props.api['export.csv']({ paths })
        setMade({ text: csv.text, fileName: 'mevault-fields.csv', mediaType: 'text/csv', note: `${csv.fields} fields` })
      } else {
        const card = await props.api['export.vcard']({ paths })
        const left = card.left.length > 0 ? `; not in a vCard: ${card.left.join(', ')}` : ''
        setMade({ text: card.text, fileName: 'mevault-card.vcf', mediaType: 'text/vcard', note: `${card.fields} fields${left}` })
      }
    } catch (e) {
      setError(describeError(e))
    }
  }

  return (
    <section className="details export-panel" aria-labelledby="export-title" {...closing}>
      <h2 id="export-title">Export</h2>
      <p className="lead">The file you save is not encrypted: anyone who gets it can read it. Keep it safe and delete it when done.</p>
      {fields && (
        <fieldset>
          <legend>Fields to export</legend>
          {fields.map((f) => (
            <label key={f.path} className="check-row">
              <input
                type="checkbox"
                checked={chosen.has(f.path)}
                onChange={(e) =>
                  setChosen((c) => {
                    const next = new Set(c)
                    if (e.target.checked) next.add(f.path)
                    else next.delete(f.path)
                    return next
                  })
                }
              />{' '}
              {f.path}
            </label>
          ))}
        </fieldset>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <div className="actions">
        <button type="button" disabled={chosen.size === 0} onClick={() => void make('csv')}>
          Make a CSV
        </button>
        <button type="button" disabled={chosen.size === 0} onClick={() => void make('vcard')}>
          Make a vCard
        </button>
        <button type="button" onClick={props.onClose}>
          Close
        </button>
      </div>
      {made && (
        <p role="status">
          Ready ({made.note}).{' '}
          <SaveTextLink text={made.text} fileName={made.fileName} mediaType={made.mediaType}>
            {`Save ${made.fileName}`}
          </SaveTextLink>
        </p>
      )}
    </section>
  )
}
