import type { Command } from 'commander'
import type { RequestPreview, RequestSignatureView } from '../../shared/api.js'
import { MeVaultError } from '../../shared/errors.js'
import { withApi } from '../connect.js'
import { note, out, printJson } from '../output.js'
import { escapeForTerminal, shown } from '../terminal-text.js'
import { checkOutputFile, readInputFile, writeOutputFile } from './input-file.js'
import { declaredUseText, requestLinesText } from './request-lines.js'

interface AnswerOptions {
  approve?: string
  policy?: boolean
  deny?: boolean
  out: string
  seal?: boolean
  again?: boolean
  json?: boolean
}

export function registerRequest(program: Command): void {
  const request = program.command('request').description('read and answer data requests (mevault.request/1)')

  request
    .command('show <file>')
    .description('who asks, why, on which terms, and for each field: held or missing, tier, what your policy says')
    .option('--json', 'print as JSON')
    .action(async (file: string, options: { json?: boolean }, command: Command) => {
      const text = requestText(readInputFile(file, 'request'))
      const preview = await withApi(command.optsWithGlobals(), (api) => api['requests.preview']({ text }))
      if (options.json) printJson(preview)
      else out(previewText(preview))
    })

  request
    .command('answer <file>')
    .description('sign a packet holding only the fields you approve, and record a receipt in the ledger')
    .option('--approve <lines>', 'share these requested lines (comma-separated, as the request names them: claims such as birthdate, or RECORD.FIELD paths)')
    .option('--policy', 'share exactly what your standing policy shares')
    .option('--deny', 'share nothing (a signed refusal)')
    .requiredOption('--out <packet>', 'where to write the packet (never overwrites)')
    .option('--seal', 'seal the packet to the requester’s X25519 key')
    .option('--again', 'answer a request you already answered')
    .option('--json', 'print the receipt as JSON')
    .action(async (file: string, options: AnswerOptions, command: Command) => {
      const approve = choiceOf(options)
      const text = requestText(readInputFile(file, 'request'))
      const packetFile = checkOutputFile(options.out)
      const answer = await withApi(command.optsWithGlobals(), (api) =>
        // Sealed only when asked for here (--seal), as before: the app seals whenever the request allows it.
        api['requests.answer']({ text, approve: approve === 'deny' ? [] : approve, again: options.again, seal: Boolean(options.seal) })
      )
      writeOutputFile(packetFile, answer.sealed ? answer.packet : `${answer.packet}\n`)
      const { receipt } = answer
      if (options.json) printJson({ packetFile, receipt })
      else {
        const shared = receipt.disclosed.length
        const asked = shared + receipt.refused.length
        out(
          `${receipt.outcome === 'refused' ? 'Refused' : `Shared ${shared} of ${asked} fields with`} ${shown`${receipt.requester.name}`}` +
            `${answer.sealed ? ' (sealed)' : ''}\n${shown`Packet: ${packetFile}`}\n${shown`Receipt: ${receipt.id}`}\n`
        )
      }
      note(shown`Send ${packetFile} to ${receipt.requester.name} (${receipt.requester.url}).`)
    })
}

/**
 * The request file as text. Its SHA-256 binds the answer to it, so the text must give back the very
 * same bytes: UTF-8 only, a byte-order mark kept as it is.
 */
function requestText(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes)
  } catch {
    throw new MeVaultError('BAD_INPUT', 'The request file is not UTF-8 text')
  }
}

function choiceOf(options: AnswerOptions): string[] | 'policy' | 'deny' {
  const given = [options.approve !== undefined, Boolean(options.policy), Boolean(options.deny)].filter(Boolean).length
  if (given !== 1) throw new MeVaultError('BAD_INPUT', 'Say what to share with exactly one of --approve CLAIM-OR-PATH,…, --policy or --deny')
  if (options.policy) return 'policy'
  if (options.deny) return 'deny'
  const paths = (options.approve ?? '').split(',').map((p) => p.trim()).filter(Boolean)
  if (paths.length === 0) throw new MeVaultError('BAD_INPUT', '--approve needs at least one claim or RECORD.FIELD path (or use --deny)')
  return paths
}

function signatureText(signature: RequestSignatureView): string {
  switch (signature.status) {
    case 'valid':
      return shown`valid, signed by the requester’s key ${signature.signer}`
    case 'unsigned':
      return 'unsigned: anyone could have written this request in this requester’s name'
    case 'invalid':
      // The reason may quote the signature header (its typ): escaped, it cannot rewrite this line.
      return `INVALID: ${escapeForTerminal(signature.reason)}${signature.signer ? shown` (signed by ${signature.signer})` : ''}`
  }
}

function previewText(preview: RequestPreview): string {
  const { request, requester, compensation, answeredBefore } = preview
  // Every piece of the request is the requester's text: each goes through shown``.
  const lines = [
    shown`Request ${request.id} from ${requester.name} <${requester.url}>`,
    shown`  Requester id:   ${requester.id}`,
    `  Signature:      ${signatureText(preview.signature)}`,
    shown`  Purpose:        ${preview.purpose.replace(/\s*\n\s*/g, ' ')}`,
    shown`  Retention:      ${preview.retention}`,
    `  Compensation:   ${compensation ? shown`${compensation.amount} ${compensation.currency}` : 'none offered'}`,
    `  Beyond purpose: ${declaredUseText(preview)}`,
    shown`  Expires:        ${preview.expiresAt}`,
    `  Your rule:      ${preview.requesterRule === 'none' ? 'none for this requester (tier policy applies)' : preview.requesterRule}`
  ]
  if (answeredBefore) lines.push(`  Answered before: ${answeredBefore.at} (${answeredBefore.outcome}, receipt ${answeredBefore.receiptId})`)
  if (preview.refusal) lines.push(`  REFUSED by your policy: ${preview.refusal} (\`mevault policy sold-individually ask\` to decide yourself)`)
  lines.push('', ...requestLinesText(preview))
  if (preview.missingRequired.length > 0) lines.push('', `Required but not in your vault: ${preview.missingRequired.map(escapeForTerminal).join(', ')}`)
  return `${lines.join('\n')}\n`
}
