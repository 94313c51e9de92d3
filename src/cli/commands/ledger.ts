import type { Command } from 'commander'
import type { LedgerEntry } from '../../shared/api.js'
import { describeDeclaredUse } from '../../shared/declared-use.js'
import type { DeclaredUseView } from '../../shared/types.js'
import { withApi } from '../connect.js'
import { deliveryState, reportDelivery } from '../delivery-text.js'
import { note, out, printJson } from '../output.js'
import { escapeForTerminal, shown } from '../terminal-text.js'
import { checkOutputFile, writeOutputFile } from './input-file.js'

/** `--json` is declared on `ledger` and on each subcommand; optsWithGlobals() sees it wherever it was typed. */
const wantsJson = (command: Command): boolean => Boolean(command.optsWithGlobals().json)

export function registerLedger(program: Command): void {
  const ledger = program
    .command('ledger')
    .description('receipts of every answer you gave: who got what, when, why and on which terms')
    .option('--json', 'print as JSON')
    .action(async (_options: unknown, command: Command) => {
      // --json: the signed receipts themselves, for a script to keep or check; the text: one line each.
      if (wantsJson(command)) printJson(await withApi(command.optsWithGlobals(), (api) => api['ledger.receipts']()))
      else out(receiptsText(await withApi(command.optsWithGlobals(), (api) => api['ledger.list']())))
    })

  ledger
    .command('who-has <path>')
    .description('who received RECORD.FIELD, and when')
    .option('--json', 'print as JSON')
    .action(async (path: string, _options: unknown, command: Command) => {
      const holders = await withApi(command.optsWithGlobals(), (api) => api['ledger.whoHas']({ path }))
      if (wantsJson(command)) return printJson(holders)
      if (holders.length === 0) return out(shown`Nobody: no answer in your ledger shared ${path}` + '\n')
      // Names, ids and terms in a receipt came from the requester's request.
      for (const h of holders) {
        const withdrawn = h.withdrawnAt ? `  (consent withdrawn ${h.withdrawnAt})` : ''
        out(
          shown`${h.at}  ${h.requester.name} (${h.requester.id})  keeps it ${h.retention ?? '(for as long as it did not say)'}  receipt ${h.receiptId}` +
            `${withdrawn}\n    ${useLine(h.use, h.requester.name)}\n`
        )
      }
    })

  ledger
    .command('withdraw <receipt>')
    .description('sign a withdrawal-of-consent notice for the requester of RECEIPT, and record it')
    .option('--out <file>', 'write the notice to FILE (never overwrites) instead of printing it')
    .action(async (receiptId: string, options: { out?: string }, command: Command) => {
      const file = options.out === undefined ? undefined : checkOutputFile(options.out)
      const result = await withApi(command.optsWithGlobals(), (api) => api['ledger.withdraw']({ receiptId }))
      if (file) writeOutputFile(file, `${result.notice}\n`)
      else out(`${result.notice}\n`)
      const { requester } = result
      note(
        result.alreadyWithdrawn
          ? shown`Consent for receipt ${receiptId} was already withdrawn on ${result.withdrawnAt}; this is the same notice.`
          : result.delivery
            ? shown`Consent withdrawn for receipt ${receiptId}.`
            : shown`Consent withdrawn for receipt ${receiptId}. Send the notice` +
                (file ? shown` (${file})` : '') +
                shown` to ${requester.name} (${requester.url}).`
      )
      if (result.delivery) reportDelivery(result.delivery, receiptId)
    })

  ledger
    .command('answer <receipt>')
    .description('give again the answer RECEIPT records, exactly as it was given (the packet, or its sealed envelope)')
    .requiredOption('--out <file>', 'write it to FILE (never overwrites)')
    .action(async (receiptId: string, options: { out: string }, command: Command) => {
      const file = checkOutputFile(options.out)
      const given = await withApi(command.optsWithGlobals(), (api) => api['ledger.answer']({ receiptId }))
      writeOutputFile(file, given.sealed ? given.packet : `${given.packet}\n`)
      note(shown`Saved the answer of ${given.receiptId} to ${file}.`)
    })

  ledger
    .command('send <receipt>')
    .description('post the answer RECEIPT records (or with --withdrawal, its withdrawal notice) again to the address its request named')
    .option('--withdrawal', 'send the withdrawal notice instead of the answer')
    .option('--json', 'print the outcome as JSON')
    .action(async (receiptId: string, options: { withdrawal?: boolean }, command: Command) => {
      const kind = options.withdrawal ? 'withdrawal' : 'answer'
      const delivery = await withApi(command.optsWithGlobals(), (api) => api['ledger.deliver']({ receiptId, kind }))
      if (wantsJson(command)) printJson(delivery)
      reportDelivery(delivery, receiptId)
    })
}

/** "What they may do with it: Kept only by Nordbank", as the request declared it when it was answered. */
function useLine(use: DeclaredUseView | undefined, requesterName: string): string {
  const { text, tone } = describeDeclaredUse(use, requesterName)
  return `What they may do with it: ${tone === 'warning' ? 'WARNING: ' : ''}${escapeForTerminal(text)}`
}

function receiptsText(receipts: LedgerEntry[]): string {
  if (receipts.length === 0) return 'No answers yet. Answer a request with: mevault request answer FILE --approve PATH,… --out PACKET\n'
  return `${receipts
    .map((r) => {
      const counts = `${r.disclosed.length} shared, ${r.refused.length} refused`
      const withdrawn = r.withdrawnAt ? `  consent withdrawn ${r.withdrawnAt}` : ''
      const line = shown`${r.id}  ${r.at}  ${r.requester.name}  ${r.outcome} ` + `(${counts}): ${shown`${r.disclosed.join(', ') || '-'}`}${withdrawn}${deliveryState(r)}`
      // Who has what, and what they may do with it: a refusal gave them nothing to use.
      return r.disclosed.length === 0 ? line : `${line}\n    ${useLine(r.terms.use, r.requester.name)}`
    })
    .join('\n')}\n`
}
