import { useState } from 'react'
import type { GivenAnswer, LedgerEntry, MeVaultApi } from '../../shared/api.js'
import { formatWhen } from '../lib/durations.js'
import { describeError } from './describe-error.js'
import { SaveTextLink } from './SaveTextLink.js'

/**
 * A past answer in the ledger: where it went and how delivering went, "Send again" to the address
 * the request named, and "Save the answer again" (the packet exactly as it was given).
 */
export function LedgerDelivery(props: { api: MeVaultApi; entry: LedgerEntry; onChanged: () => void }) {
  const { api, entry } = props
  const [given, setGiven] = useState<GivenAnswer | null>(null)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const states = (['answer', 'withdrawal'] as const).flatMap((kind) => {
    const state = entry.delivery?.[kind]
    return state && (kind === 'answer' || entry.withdrawnAt) ? [[kind, state] as const] : []
  })

  async function run(action: () => Promise<unknown>) {
    setBusy(true)
    setError(null)
    try {
      await action()
    } catch (failure) {
      setError(describeError(failure))
    } finally {
      setBusy(false)
    }
  }

  return (
    <div className="ledger-delivery">
      {states.map(([kind, state]) => {
        const what = kind === 'answer' ? 'Answer' : 'Withdrawal notice'
        const last = state.last
        const status = !last
          ? `${what} not sent to ${state.shownAs} yet`
          : last.outcome === 'delivered'
            ? `${what} delivered to ${state.shownAs} ${formatWhen(last.at)}`
            : `${what} not delivered to ${state.shownAs}: ${last.detail ?? last.reason}`
        return (
          <p key={kind} className={`hint delivery ${last?.outcome ?? 'unsent'}`}>
            {status}{' '}
            <button
              type="button"
              disabled={busy}
              onClick={() => void run(async () => (await api['ledger.deliver']({ receiptId: entry.id, kind }), props.onChanged()))}
              // The name starts with the words on the button (WCAG 2.5.3: a voice user says what they see).
              aria-label={`${last ? 'Send again' : 'Send'}: the ${kind === 'answer' ? 'answer' : 'withdrawal notice'} to ${entry.requester.name}`}
            >
              {last ? 'Send again' : 'Send'}
            </button>
          </p>
        )
      })}
      {given ? (
        <SaveTextLink text={given.packet} fileName={given.fileName} mediaType={given.sealed ? 'application/json' : 'application/jose'}>
          {`Save the answer (${given.fileName})`}
        </SaveTextLink>
      ) : (
        <button type="button" disabled={busy} onClick={() => void run(async () => setGiven(await api['ledger.answer']({ receiptId: entry.id })))}>
          Get the answer again
        </button>
      )}
      {error && <p role="alert" className="error">{error}</p>}
    </div>
  )
}
