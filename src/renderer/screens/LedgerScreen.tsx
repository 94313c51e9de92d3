import { useEffect, useMemo, useState } from 'react'
import type { LedgerEntry, MeVaultApi, WithdrawalNotice } from '../../shared/api.js'
import type { FieldView, Tier } from '../../shared/types.js'
import { describeError } from '../components/describe-error.js'
import { LedgerUse } from '../components/LedgerUse.js'
import { SaveTextLink } from '../components/SaveTextLink.js'
import { LedgerDelivery } from '../components/LedgerDelivery.js'
import { TierIcon } from '../components/TierIcon.js'
import { describeDuration, formatWhen } from '../lib/durations.js'
import { holdersByField } from '../lib/ledger-views.js'
import { useRovingFocus } from '../lib/use-roving-focus.js'
import { OUTCOME_LABEL } from '../lib/outcome-labels.js'


/** Who has what: every answer by requester, or turned around by field; withdraw consent. */
export function LedgerScreen({ api }: { api: MeVaultApi }) {
  const [ledger, setLedger] = useState<LedgerEntry[] | null>(null)
  const [tiers, setTiers] = useState<Map<string, Tier>>(new Map())
  const [view, setView] = useState<'requester' | 'field'>('requester')
  const [notices, setNotices] = useState<Record<string, WithdrawalNotice>>({})
  const [error, setError] = useState<string | null>(null)
  const [version, setVersion] = useState(0)
  // One Tab stop per list: ↑ ↓ between answers, Tab to the active answer's own buttons and links.
  const listRef = useRovingFocus<HTMLUListElement>()

  useEffect(() => {
    let current = true
    Promise.all([api['ledger.list'](), api['fields.list']()]).then(
      ([list, fields]) => {
        if (!current) return
        setLedger(list)
        setTiers(new Map(fields.map((f: FieldView) => [f.path, f.tier])))
      },
      (failure: unknown) => current && setError(describeError(failure))
    )
    return () => {
      current = false
    }
  }, [api, version])

  const byField = useMemo(() => holdersByField(ledger ?? []), [ledger])

  async function withdraw(receiptId: string) {
    try {
      const notice = await api['ledger.withdraw']({ receiptId })
      setNotices((previous) => ({ ...previous, [receiptId]: notice }))
      setVersion((v) => v + 1)
    } catch (failure) {
      setError(describeError(failure))
    }
  }

  const tierOf = (path: string) => {
    const tier = tiers.get(path)
    return tier ? <TierIcon tier={tier} /> : null
  }

  return (
    <div className="panes single">
      <section className="list-pane wide" aria-labelledby="ledger-title">
        <header className="pane-header">
          <h1 id="ledger-title">Ledger</h1>
          <div className="segmented" role="group" aria-label="Show the ledger">
            <button type="button" aria-pressed={view === 'requester'} onClick={() => setView('requester')}>
              By requester
            </button>
            <button type="button" aria-pressed={view === 'field'} onClick={() => setView('field')}>
              By field
            </button>
          </div>
        </header>
        {error && <p role="alert" className="error">{error}</p>}
        {ledger === null ? (
          <p className="empty" aria-busy="true">Reading your ledger…</p>
        ) : ledger.length === 0 ? (
          <p className="empty">Nobody has anything yet. Each answer you give to a request, even a refusal, appears here with its date and terms.</p>
        ) : view === 'requester' ? (
          <ul className="ledger" aria-label="Answers by requester" ref={listRef}>
            {ledger.map((entry) => (
              <li key={entry.id} className="ledger-entry" data-requester={entry.requester.name}>
                <div className="ledger-head">
                  <h2>{entry.requester.name}</h2>
                  <span className={`outcome ${entry.outcome}`}>{OUTCOME_LABEL[entry.outcome]}</span>
                  <span className="hint">{formatWhen(entry.at)}</span>
                </div>
                <p>{entry.purpose}</p>
                <p className="hint">
                  {entry.terms.retention ? `Kept for ${describeDuration(entry.terms.retention)}` : 'How long they keep it: not stated'}
                  {entry.protocol === 'openid4vp' ? ' · answered with OpenID4VP' : ''}
                  {entry.terms.compensation ? ` · offered ${entry.terms.compensation.amount} ${entry.terms.compensation.currency}` : ''}
                  {entry.withdrawnAt ? ` · consent withdrawn ${formatWhen(entry.withdrawnAt)}` : ''}
                </p>
                {entry.disclosed.length > 0 && <LedgerUse use={entry.terms.use} requesterName={entry.requester.name} />}
                {entry.disclosed.length > 0 && (
                  <ul className="paths" aria-label={`Shared with ${entry.requester.name}`}>
                    {entry.disclosed.map((path) => (
                      <li key={path}>
                        {tierOf(path)}
                        {path}
                        {claimOf(entry, path) && <span className="hint"> as {claimOf(entry, path)}</span>}
                      </li>
                    ))}
                  </ul>
                )}
                {entry.refused.length > 0 && <p className="hint">Not shared: {entry.refused.join(', ')}</p>}
                {entry.disclosed.length > 0 && !entry.withdrawnAt && (
                  <button type="button" onClick={() => void withdraw(entry.id)} aria-label={`Withdraw consent given to ${entry.requester.name}`}>
                    Withdraw consent
                  </button>
                )}
                <LedgerDelivery api={api} entry={entry} onChanged={() => setVersion((v) => v + 1)} />
                {notices[entry.id] ? (
                  <SaveTextLink text={notices[entry.id]!.notice} fileName={notices[entry.id]!.fileName} mediaType="application/jose">
                    Save the withdrawal notice
                  </SaveTextLink>
                ) : (
                  entry.withdrawnAt && (
                    // Withdrawn before (another visit, another device): the ledger gives the same signed notice again.
                    <button type="button" className="compact" onClick={() => void withdraw(entry.id)} aria-label={`Get the withdrawal notice again for ${entry.requester.name}`}>
                      Get the withdrawal notice again
                    </button>
                  )
                )}
              </li>
            ))}
          </ul>
        ) : byField.length === 0 ? (
          <p className="empty">You refused every request so far: nobody holds any of your fields.</p>
        ) : (
          <ul className="ledger" aria-label="Answers by field" ref={listRef}>
            {byField.map((group) => (
              <li key={group.path} className="ledger-entry">
                <h2>
                  {tierOf(group.path)} {group.path}
                </h2>
                <ul className="holders">
                  {group.holders.map((entry) => (
                    <li key={entry.id}>
                      <strong>{entry.requester.name}</strong> since {formatWhen(entry.at)}, {entry.terms.retention ? `for ${describeDuration(entry.terms.retention)}` : 'for a time not stated'}:{' '}
                      {entry.purpose}
                      {entry.withdrawnAt ? ' (consent withdrawn)' : ''}
                      <LedgerUse use={entry.terms.use} requesterName={entry.requester.name} />
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  )
}

/** The claim a disclosed path went out as, when the request asked by claim. */
function claimOf(entry: LedgerEntry, path: string): string | undefined {
  return Object.entries(entry.claims ?? {}).find(([, field]) => field === path)?.[0]
}
