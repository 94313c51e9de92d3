import type { Delivery, LedgerEntry } from '../shared/api.js'
import { EXIT } from './exit-codes.js'
import { note } from './output.js'
import { escapeForTerminal, shown } from './terminal-text.js'

/**
 * How a delivery went, for the person: one line, and exit code 17 when it failed (the answer or
 * notice is kept in the ledger, and `mevault ledger send` tries again).
 */
export function reportDelivery(delivery: Delivery, receiptId: string): void {
  const what = delivery.kind === 'answer' ? 'answer' : 'withdrawal notice'
  if (delivery.outcome === 'delivered') {
    note(shown`Delivered the ${what} to ${delivery.shownAs} (${delivery.to}).`)
    if (delivery.continueAt) note(shown`${delivery.shownAs} asks you to continue in your browser at ${delivery.continueAt}`)
    return
  }
  // The detail can quote the requester's status line: escaped like all of its text.
  note(
    shown`Could not deliver the ${what} to ${delivery.shownAs}: ` +
      `${escapeForTerminal(delivery.detail ?? delivery.reason ?? 'failed')}. ` +
      shown`It is kept in your ledger: send it again with \`mevault ledger send ${receiptId}${delivery.kind === 'withdrawal' ? ' --withdrawal' : ''}\`` +
      shown`, or save it with \`mevault ledger answer ${receiptId} --out FILE\`.`
  )
  process.exitCode = EXIT.NOT_DELIVERED
}

/** "delivered to nordbank.example.com", "not delivered (refused)", "not sent yet": for the ledger's lines. */
export function deliveryState(entry: LedgerEntry): string {
  const answer = entry.delivery?.answer
  if (!answer) return ''
  const last = answer.last
  const state = !last ? 'not sent yet' : last.outcome === 'delivered' ? 'delivered' : `not delivered (${last.reason ?? 'failed'})`
  return shown`  answer ${state} to ${answer.shownAs}`
}
