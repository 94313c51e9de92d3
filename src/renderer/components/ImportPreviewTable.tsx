import { useState } from 'react'
import type { ImportPlan } from '../../shared/import-plan.js'
import { useRevealed } from '../lib/use-revealed.js'
import { isHidden, MaskedValue } from './MaskedValue.js'
import { RevealToggle } from './RevealToggle.js'

/** The most rows the preview lists; a bigger import is told in counts (conflicts are always listed). */
const SHOWN = 200

/**
 * What goes where: the CSV's columns (editable), then each field with its status; conflicts choosable.
 * The vault's own private value in a conflict shows as dots until Reveal on its line or Alt+R.
 */
export function ImportPreviewTable(props: {
  plan: ImportPlan
  replace: Record<string, boolean>
  onReplace: (path: string, replace: boolean) => void
  onMap: (map: Record<string, string>) => void
}) {
  const { plan } = props
  // The vault's own private values in a conflict: dots until revealed, as in the list.
  const [revealed, toggleReveal] = useRevealed()
  const [targets, setTargets] = useState<Record<string, string>>(() => Object.fromEntries((plan.columns ?? []).map((c) => [c.column, c.target ?? '-'])))
  const rows = plan.items.length <= SHOWN ? plan.items : [...plan.items.filter((i) => i.status === 'conflict'), ...plan.items.filter((i) => i.status !== 'conflict').slice(0, SHOWN)]
  return (
    <div className="import-preview">
      <p role="status">
        {plan.items.length} fields into {plan.records.length} record{plan.records.length === 1 ? '' : 's'}: {plan.counts.new} new, {plan.counts.same} already there
        {plan.counts.conflict > 0 ? `, ${plan.counts.conflict} holding a different value` : ''}.
      </p>
      {plan.columns && (
        <form
          aria-label="Column mapping"
          onSubmit={(e) => {
            e.preventDefault()
            props.onMap(targets)
          }}
        >
          <p className="hint">Each column goes to a claim (e.g. email, address.locality) or a RECORD.FIELD path; "-" leaves it out.{plan.savedMap ? ' This mapping was kept from your last import of such a file.' : ''}</p>
          {plan.columns.map(({ column }) => (
            <div key={column} className="map-row">
              <label htmlFor={`map-${column}`}>Column {column}</label>
              <input id={`map-${column}`} value={targets[column] ?? ''} onChange={(e) => setTargets((t) => ({ ...t, [column]: e.target.value }))} />
            </div>
          ))}
          <button type="submit">Apply mapping</button>
        </form>
      )}
      <table aria-label="What goes where">
        <thead>
          <tr>
            <th>Field</th>
            <th>Value</th>
            <th>Claim</th>
            <th>From</th>
            <th>What happens</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((item) => (
            <tr
              key={item.path}
              // Alt+R from the conflict's checkbox or its Reveal button, as on a line of the list or the Trash (the button announces it).
              onKeyDown={(event) => {
                if (!event.altKey || event.ctrlKey || event.metaKey || event.code !== 'KeyR' || item.status !== 'conflict' || item.currentTier !== 'private') return
                event.preventDefault()
                toggleReveal(item.path)
              }}
            >
              <td>{item.path}</td>
              <td>{item.value}</td>
              <td>{item.claim ?? ''}</td>
              <td>{item.source}</td>
              <td>
                {item.status === 'new' && 'new'}
                {item.status === 'same' && 'already there'}
                {item.status === 'conflict' && (
                  <>
                    <label>
                      <input type="checkbox" checked={props.replace[item.path] === true} onChange={(e) => props.onReplace(item.path, e.target.checked)} /> replace “
                      <MaskedValue value={item.current ?? ''} hidden={isHidden(item.currentTier ?? 'private', revealed.has(item.path))} />”
                    </label>
                    {item.currentTier === 'private' && (
                      <RevealToggle fieldLabel={`the value ${item.path} holds now`} revealed={revealed.has(item.path)} onToggle={() => toggleReveal(item.path)} />
                    )}
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length < plan.items.length && <p className="hint">and {plan.items.length - rows.length} more.</p>}
      {plan.skipped.length > 0 && (
        <ul className="hint" aria-label="Left out">
          {plan.skipped.map((s) => (
            <li key={s}>Left out: {s}</li>
          ))}
        </ul>
      )}
    </div>
  )
}
