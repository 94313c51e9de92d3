import { describeDeclaredUse } from '../../shared/declared-use.js'
import type { DeclaredUseView } from '../../shared/types.js'

/** The ledger's "what they may do with it": the use the request declared when it was answered. */
export function LedgerUse({ use, requesterName }: { use: DeclaredUseView | undefined; requesterName: string }) {
  const { text, tone } = describeDeclaredUse(use, requesterName)
  return (
    <p className={`use-line ${tone}`}>
      What they may do with it: <strong>{text}</strong>
    </p>
  )
}
