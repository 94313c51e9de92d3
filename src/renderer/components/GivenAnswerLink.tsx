import { useState } from 'react'
import type { GivenAnswer, MeVaultApi } from '../../shared/api.js'
import { describeError } from './describe-error.js'
import { SaveTextLink } from './SaveTextLink.js'

/**
 * A request answered before (in another session, or before locking): the answer as it was given,
 * from the ledger, to save again. The inbox keeps the request; the ledger keeps the answer.
 */
export function GivenAnswerLink(props: { api: MeVaultApi; receiptId: string }) {
  const [given, setGiven] = useState<GivenAnswer | null>(null)
  const [error, setError] = useState<string | null>(null)
  if (given) {
    return (
      <SaveTextLink text={given.packet} fileName={given.fileName} mediaType={given.sealed ? 'application/json' : 'application/jose'}>
        {`Save the answer (${given.fileName})`}
      </SaveTextLink>
    )
  }
  return (
    <>
      <button type="button" className="compact" onClick={() => void props.api['ledger.answer']({ receiptId: props.receiptId }).then(setGiven, (failure: unknown) => setError(describeError(failure)))}>
        Get the answer you gave
      </button>
      {error && <span className="error">{error}</span>}
    </>
  )
}
