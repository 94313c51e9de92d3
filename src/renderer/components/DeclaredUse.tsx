import { describeDeclaredUse } from '../../shared/declared-use.js'
import type { DeclaredUseView } from '../../shared/types.js'

/**
 * What the requester says happens to the data beyond its purpose, in plain words and big enough to
 * be read before any toggle: a sale with the person's name on it is a warning, silence a caution.
 */
export function DeclaredUse({ use, requesterName }: { use: DeclaredUseView | undefined; requesterName: string }) {
  const { text, tone } = describeDeclaredUse(use, requesterName)
  return (
    <div className={`declared-use ${tone}`} role="note" aria-label="What happens to your data">
      <span className="declared-use-title">Beyond this purpose</span>
      <strong>{text}</strong>
    </div>
  )
}
