import type { Command } from 'commander'
import type { MeVaultApi, RequestPreview, RequestSignatureView } from '../../shared/api.js'
import { isMeVaultError, MeVaultError } from '../../shared/errors.js'
import { withApi } from '../connect.js'
import { reportDelivery } from '../delivery-text.js'
import { note, out, printJson } from '../output.js'
import { requesterIdentityLines } from '../requester-identity-text.js'
import { escapeForTerminal, shown } from '../terminal-text.js'
import { isOpenId4VpText } from '../../shared/openid4vp-text.js'
import { checkOutputFile, readInputFile, writeOutputFile } from './input-file.js'
import { declaredUseText, requestLinesText } from './request-lines.js'

interface AnswerOptions {
  approve?: string
  policy?: boolean
  deny?: boolean
  out?: string
  seal?: boolean
  again?: boolean
  json?: boolean
}

export function registerRequest(program: Command): void {
  const request = program.command('request').description('read and answer data requests (mevault.request/1 and OpenID4VP 1.0)')

  request
    .command('show <file-or-link>')
    .description('who asks, why, on which terms, and for each field: held or missing, tier, what your policy says')
    .option('--json', 'print as JSON')
    .action(async (file: string, options: { json?: boolean }, command: Command) => {
      const preview = await withApi(command.optsWithGlobals(), async (api) => api['requests.preview']({ text: await requestFrom(file, api) }))
      if (options.json) printJson(preview)
      else out(previewText(preview))
    })

  request
    .command('answer <file-or-link>')
    .description('sign a packet holding only the fields you approve, record a receipt, and deliver it where the request asks (or save it with --out)')
    .option('--approve <keys>', 'share these requested lines (comma-separated, as `request show` lists them: claims such as birthdate, or RECORD.FIELD paths)')
    .option('--policy', 'share exactly what your standing policy shares')
    .option('--deny', 'share nothing (a signed refusal)')
    .option('--out <packet>', 'save the answer to this file (never overwrites) instead of delivering it; for OpenID4VP, the exact form body')
    .option('--seal', 'seal the packet to the requester’s X25519 key')
    .option('--again', 'answer a request you already answered')
    .option('--json', 'print the receipt as JSON')
    .action(async (file: string, options: AnswerOptions, command: Command) => {
      const approve = choiceOf(options)
      const packetFile = options.out === undefined ? undefined : checkOutputFile(options.out)
      const answer = await withApi(command.optsWithGlobals(), async (api) => {
        const text = await requestFrom(file, api)
        if (!packetFile && !(await api['requests.preview']({ text })).sendsTo?.answer) {
          throw new MeVaultError('BAD_INPUT', 'The request names no address to deliver the answer to: save it with --out FILE and send it yourself')
        }
        // Sealed only when asked for here (--seal), as before: the app seals whenever the request allows it.
        return api['requests.answer']({ text, approve: approve === 'deny' ? [] : approve, again: options.again, seal: Boolean(options.seal), deliver: !packetFile }).catch((error: unknown) => {
          // The core says it in words any screen can use; here the way to go on is a flag.
          if (isMeVaultError(error, 'EXISTS')) throw new MeVaultError('EXISTS', `${(error as Error).message} (add --again)`)
          throw error
        })
      })
      // An OpenID4VP answer is the exact form body a verifier takes: written as it would be posted.
      if (packetFile) writeOutputFile(packetFile, answer.sealed || answer.protocol === 'openid4vp' ? answer.packet : `${answer.packet}\n`)
      const { receipt } = answer
      if (options.json) printJson({ ...(packetFile ? { packetFile } : {}), receipt, ...(answer.delivery ? { delivery: answer.delivery } : {}) })
      else {
        const shared = receipt.disclosed.length
        const asked = shared + receipt.refused.length
        out(
          `${receipt.outcome === 'refused' ? 'Refused' : `Shared ${shared} of ${asked} fields with`} ${shown`${receipt.requester.name}`}` +
            `${answer.sealed ? ' (sealed)' : ''}\n${packetFile ? shown`Packet: ${packetFile}` + '\n' : ''}${shown`Receipt: ${receipt.id}`}\n`
        )
      }
      if (answer.delivery) reportDelivery(answer.delivery, receipt.id)
      else if (packetFile) note(shown`Send ${packetFile} to ${receipt.requester.name} (${receipt.requester.url}).`)
    })
}

/**
 * A request from a file, or fetched from a link (mevault://request?request_uri=…, https://…,
 * openid4vp://…). An OpenID4VP request, given as a link or in a file (a link, or JSON parameters),
 * goes through requests.fetch too: one by reference is fetched there, once, and answered as fetched.
 */
async function requestFrom(source: string, api: MeVaultApi): Promise<string> {
  if (/^(mevault|https?|openid4vp|haip-vp):/i.test(source)) return (await api['requests.fetch']({ link: source })).text
  const text = requestText(readInputFile(source, 'request'))
  return isOpenId4VpText(text) ? (await api['requests.fetch']({ link: text.trim() })).text : text
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
  if (preview.protocol === 'openid4vp') return openId4VpPreviewText(preview)
  const lines = [
    shown`Request ${request.id} from ${requester.name} <${requester.url}>`,
    ...requesterIdentityLines(requester),
    shown`  Requester id:   ${requester.id}`,
    `  Signature:      ${signatureText(preview.signature)}`,
    shown`  Purpose:        ${preview.purpose.replace(/\s*\n\s*/g, ' ')}`,
    shown`  Retention:      ${preview.retention ?? 'not stated'}`,
    `  Compensation:   ${compensation ? shown`${compensation.amount} ${compensation.currency}` : 'none offered'}`,
    `  Beyond purpose: ${declaredUseText(preview)}`,
    shown`  Expires:        ${preview.expiresAt ?? 'not stated'}`,
    `  Your rule:      ${preview.requesterRule === 'none' ? 'none for this requester (tier policy applies)' : preview.requesterRule}`
  ]
  if (answeredBefore) lines.push(`  Answered before: ${answeredBefore.at} (${answeredBefore.outcome}, receipt ${answeredBefore.receiptId})`)
  if (preview.refusal) lines.push(`  REFUSED by your policy: ${preview.refusal} (\`mevault policy sold-individually ask\` to decide yourself)`)
  lines.push('', ...requestLinesText(preview))
  if (preview.missingRequired.length > 0) lines.push('', `Required but not in your vault: ${preview.missingRequired.map(escapeForTerminal).join(', ')}`)
  return `${lines.join('\n')}\n`
}

/** An OpenID4VP request: who asks, where the answer goes, what the credential is and proves, then the lines. */
function openId4VpPreviewText(preview: RequestPreview): string {
  const { requester, credential, answeredBefore } = preview
  const lines = [
    shown`OpenID4VP request from ${requester.name}`,
    ...requesterIdentityLines(requester),
    shown`  Client id:      ${requester.id}`,
    `  Signature:      ${signatureText(preview.signature)}`,
    `  Why:            not stated (OpenID4VP requests do not say)`,
    `  Retention:      not stated`,
    shown`  Answer goes to: ${preview.sendsTo?.answer?.shownAs ?? ''} (${preview.sendsTo?.answer?.to ?? ''})${preview.sealedAnswer ? ', encrypted to the verifier' : ''}`,
    `  Your rule:      ${preview.requesterRule === 'none' ? 'none for this requester (tier policy applies)' : preview.requesterRule}`
  ]
  if (credential) {
    lines.push(shown`  Answer:         an SD-JWT VC (${credential.type}) issued by you, ${credential.issuer}`, shown`                  ${credential.note}`)
    for (const extra of credential.notes) lines.push(shown`  Note:           ${extra}`)
  }
  if (answeredBefore) lines.push(`  Answered before: ${answeredBefore.at} (${answeredBefore.outcome}, receipt ${answeredBefore.receiptId})`)
  lines.push('', ...requestLinesText(preview))
  if (preview.missingRequired.length > 0) lines.push('', `Asked for but not in your vault: ${preview.missingRequired.map(escapeForTerminal).join(', ')}`)
  return `${lines.join('\n')}\n`
}
