import { useState } from 'react'
import type { Delivery, MeVaultApi } from '../../shared/api.js'
import { describeError } from './describe-error.js'

/**
 * How handing an answer (or a withdrawal notice) to the requester's address went, with "Try again"
 * when it failed: the answer is kept in the ledger either way, so nothing is lost by a failure.
 */
export function DeliveryOutcome(props: { api: MeVaultApi; receiptId: string; requester: string; delivery: Delivery }) {
  const [delivery, setDelivery] = useState(props.delivery)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const what = delivery.kind === 'answer' ? 'answer' : 'withdrawal notice'

  async function again() {
    setBusy(true)
    setError(null)
    try {
      setDelivery(await props.api['ledger.deliver']({ receiptId: props.receiptId, kind: delivery.kind }))
    } catch (failure) {
      setError(describeError(failure))
    } finally {
      setBusy(false)
    }
  }

  if (delivery.outcome === 'delivered') {
    return (
      <p className="delivery delivered" role="status">
        Your {what} was delivered to {props.requester} at {delivery.shownAs}.
        {delivery.continueAt && (
          <>
            {' '}
            {/* Opened by the person, in their browser (the desktop app hands every web link to the system browser). */}
            <a href={delivery.continueAt} target="_blank" rel="noopener noreferrer">
              Continue at {hostOf(delivery.continueAt)}
            </a>
          </>
        )}
      </p>
    )
  }
  return (
    <div className="delivery failed" role="alert">
      <p>
        Your {what} could not be delivered to {delivery.shownAs}: {delivery.detail ?? delivery.reason}. It is kept in your ledger: try
        again later, or save it and send it yourself.
      </p>
      {error && <p className="error">{error}</p>}
      <button type="button" disabled={busy} onClick={() => void again()}>
        {busy ? 'Sending…' : 'Try again'}
      </button>
    </div>
  )
}

function hostOf(address: string): string {
  try {
    return new URL(address).host
  } catch {
    return address
  }
}
