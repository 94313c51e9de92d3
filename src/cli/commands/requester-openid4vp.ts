import type { Command } from 'commander'
import { writeFileSync } from 'node:fs'
import { MeVaultError } from '../../shared/errors.js'
import { note, out, printJson } from '../output.js'
import { shown } from '../terminal-text.js'
import { checkOutputFile, readInputFile } from './input-file.js'

/**
 * `mevault requester openid4vp-request | openid4vp-verify`: the kit's verifier side for any
 * OpenID4VP 1.0 wallet (src/requester/openid4vp). The request's state (nonce, state, and for
 * direct_post.jwt the decryption key) stays in DIR/openid4vp/pending/, where `requester serve`
 * publishes the signed request object and receives the answers.
 */
interface OpenId4VpRequestFlags {
  dir: string
  claims: string
  optional?: string
  responseMode: string
  responseUri?: string
  requestUri?: string
  unsigned?: boolean
  expires: string
  out: string
  json?: boolean
}

const kit = () => import('../../requester/index.js')
const list = (text: string | undefined): string[] => (text ?? '').split(',').map((item) => item.trim()).filter(Boolean)

export function registerOpenId4Vp(requester: Command): void {
  requester
    .command('openid4vp-request')
    .description('make an OpenID4VP 1.0 request (DCQL for MeVault’s SD-JWT VC); writes the signed request object, prints the openid4vp:// link')
    .requiredOption('--dir <dir>', 'the requester folder (from `requester init`)')
    .requiredOption('--claims <claims>', 'required claims, comma-separated (e.g. given_name,address.locality; see `mevault claims`)')
    .option('--optional <claims>', 'optional claims, comma-separated (a claim_sets fallback to the required ones)')
    .option('--response-mode <mode>', 'direct_post, or direct_post.jwt (the answer encrypted to a key made for this request)', 'direct_post')
    .option('--response-uri <url>', 'where wallets post the answer (https; default: the folder url’s /openid4vp/response, as `requester serve` has it)')
    .option('--request-uri <url>', 'where the signed request object is served (default: the folder url’s /openid4vp/request.jwt?state=…)')
    .option('--unsigned', 'a redirect_uri: client: no signature, shown to the person as an unverified host; FILE holds the link')
    .option('--expires <duration>', 'how long it can be answered, ISO 8601', 'PT10M')
    .requiredOption('--out <file>', 'the file to write: the signed request object (or the link, with --unsigned); never overwritten')
    .option('--json', 'print as JSON')
    .action(async (options: OpenId4VpRequestFlags) => {
      const target = checkOutputFile(options.out)
      if (options.responseMode !== 'direct_post' && options.responseMode !== 'direct_post.jwt') {
        throw new MeVaultError('BAD_INPUT', '--response-mode must be direct_post or direct_post.jwt')
      }
      const { loadKitFolder, makeOpenId4VpRequest, openid4vpLink, recordPending } = await kit()
      const folder = await loadKitFolder(options.dir)
      const origin = new URL(folder.profile.url).origin
      const made = await makeOpenId4VpRequest({
        requester: folder.profile,
        claims: list(options.claims),
        optional: list(options.optional),
        responseMode: options.responseMode,
        responseUri: options.responseUri ?? `${origin}/openid4vp/response`,
        clientIdPrefix: options.unsigned ? 'redirect_uri' : 'decentralized_identifier',
        expiresIn: options.expires
      })
      const { state, clientId, expiresAt } = made.pending
      const requestUri = options.requestUri ?? `${origin}/openid4vp/request.jwt?state=${state}`
      const link = made.requestObject ? openid4vpLink({ client_id: clientId, request_uri: new URL(requestUri).href }) : made.byValueLink
      writeFileSync(target, made.requestObject ?? `${made.byValueLink}\n`, { flag: 'wx', mode: 0o644 })
      const stateFile = recordPending(folder, made.pending, made.requestObject)
      if (options.json) {
        printJson({ file: target, state, clientId, responseMode: made.pending.responseMode, expiresAt, link, byValueLink: made.byValueLink, stateFile })
        return
      }
      out(shown`OpenID4VP request for ${clientId} (expires ${expiresAt})\n` + shown`File: ${target}\n` + `${link}\n`)
      if (made.requestObject) note(shown`Serve FILE at ${requestUri} (\`mevault requester serve\` does), or give the by-value link (--json).`)
    })

  requester
    .command('openid4vp-verify <answer>')
    .description('verify an OpenID4VP answer (the posted form body) against the request it names; exit 0 only when valid')
    .requiredOption('--dir <dir>', 'the requester folder that made the request (its state and keys are there)')
    .option('--json', 'print every check and the claims as JSON')
    .action(async (answerFile: string, options: { dir: string; json?: boolean }) => {
      const body = readInputFile(answerFile, 'answer').toString('utf8').trim()
      const { answeredState, loadKitFolder, loadPending, verifyOpenId4VpResponse } = await kit()
      const state = answeredState(body)
      if (!state) throw new MeVaultError('BAD_INPUT', 'The answer names no state: not an OpenID4VP form body (vp_token and state, or response)')
      const folder = await loadKitFolder(options.dir)
      const result = await verifyOpenId4VpResponse(body, loadPending(folder, state))
      if (options.json) printJson(result)
      if (!result.valid) throw new MeVaultError('INTEGRITY', `Answer refused: ${result.reason ?? 'not valid'}`)
      if (!options.json) {
        out(shown`Valid OpenID4VP answer from ${result.holder ?? ''}\n`)
        out(Object.entries(result.claims ?? {}).map(([name, value]) => shown`${name}: ${typeof value === 'string' ? value : JSON.stringify(value)}\n`).join(''))
        note(result.notice)
      }
    })
}
