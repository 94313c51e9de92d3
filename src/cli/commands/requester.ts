import type { Command } from 'commander'
import { writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { MeVaultError } from '../../shared/errors.js'
import { note, out, printJson } from '../output.js'
import { shown } from '../terminal-text.js'
import { untilStopped } from '../watch-parent.js'
import { checkOutputFile, readInputFile } from './input-file.js'
import { registerOpenId4Vp } from './requester-openid4vp.js'

/**
 * `mevault requester …`: the requester kit (src/requester) for a company: its keys and domain
 * binding, signed requests, checking answers, and a small site. It never opens a vault.
 * The kit is imported only when one of these commands runs, so `mevault --help` stays light.
 */

interface RequestOptions {
  dir: string
  claims: string
  optional?: string
  purpose: string
  retention: string
  compensation?: string
  use?: string
  thirdParty: string[]
  responseUri?: string
  withdrawalUri?: string
  expires: string
  out: string
  json?: boolean
}

const kit = () => import('../../requester/index.js')
const list = (text: string | undefined): string[] => (text ?? '').split(',').map((item) => item.trim()).filter(Boolean)
const collect = (value: string, previous: string[]): string[] => [...previous, value]

export function registerRequester(program: Command): void {
  const requester = program.command('requester').description('for a company: sign requests, publish who you are, verify answers (no vault needed)')

  requester
    .command('init')
    .description('make a requester folder: signing key (did:key), sealing key (X25519), and www/ with the did:web domain binding')
    .requiredOption('--name <name>', 'the name people see (MeVault verifies the domain, not the name)')
    .requiredOption('--url <https-url>', 'your https:// address; serve DIR/www as its web root')
    .requiredOption('--out <dir>', 'the folder to make (never overwrites one)')
    .option('--json', 'print as JSON')
    .action(async (options: { name: string; url: string; out: string; json?: boolean }) => {
      const { initKitFolder, didWebOf } = await kit()
      const folder = await initKitFolder(options.out, options.name, options.url)
      const did = didWebOf(options.url)
      if (options.json) {
        printJson({ dir: folder.dir, id: folder.profile.keys.id, didWeb: did, bindingFile: resolve(folder.dir, 'www/.well-known/did.json') })
        return
      }
      out(shown`Requester ${folder.profile.name}: ${folder.profile.keys.id}\n` + shown`Keys in ${folder.dir} (owner-only files; keep them secret)\n`)
      note(shown`Serve ${resolve(folder.dir, 'www')} as the web root of ${new URL(options.url).origin}: its .well-known/did.json (${did}) binds your key to the domain.`)
    })

  requester
    .command('request')
    .description('make and sign a request (mevault.request/1) asking by claim')
    .requiredOption('--dir <dir>', 'the requester folder (from `requester init`)')
    .requiredOption('--claims <claims>', 'required claims, comma-separated (e.g. given_name,email; see `mevault claims`)')
    .option('--optional <claims>', 'optional claims, comma-separated')
    .requiredOption('--purpose <text>', 'why you ask, shown to the person')
    .requiredOption('--retention <duration>', 'how long you keep the data, ISO 8601 (e.g. P30D)')
    .option('--compensation <offer>', 'what you give in return, e.g. "5 EUR"')
    .option('--use <sharing>', 'what happens beyond the purpose: requester-only, aggregate-only, sold-individually or named-third-parties')
    .option('--third-party <name>', 'with --use named-third-parties: who receives the data (repeat for each)', collect, [])
    .option('--response-uri <url>', 'where MeVault posts the answer (https; http only to this computer)')
    .option('--withdrawal-uri <url>', 'where MeVault posts a withdrawal of consent')
    .option('--expires <duration>', 'how long the person has to answer, ISO 8601', 'P7D')
    .requiredOption('--out <file>', 'the signed request file to write (never overwrites)')
    .option('--json', 'print as JSON')
    .action(async (options: RequestOptions) => {
      const target = checkOutputFile(options.out)
      const { loadKitFolder, makeRequest, recordRequest, signRequest } = await kit()
      const folder = await loadKitFolder(options.dir)
      const use = declaredUse(options)
      const request = await makeRequest({
        requester: folder.profile,
        claims: list(options.claims),
        optional: list(options.optional),
        purpose: options.purpose,
        retention: options.retention,
        compensation: options.compensation,
        use,
        responseUri: options.responseUri,
        withdrawalUri: options.withdrawalUri,
        expiresIn: options.expires
      })
      const signed = await signRequest(request, folder.profile.keys)
      writeFileSync(target, signed.text, { flag: 'wx', mode: 0o644 })
      recordRequest(folder, signed.sha256, signed.text)
      if (options.json) printJson({ file: target, id: request.id, sha256: signed.sha256, expiresAt: request.expiresAt })
      else out(shown`Signed request ${request.id} (${request.fields.length} claims, expires ${request.expiresAt})\n` + shown`File: ${target}\n`)
    })

  requester
    .command('verify <answer>')
    .description('open an answer (sealed or a bare packet) and verify it against its request; exit 0 only when valid')
    .requiredOption('--request <file>', 'the signed request it answers, as you issued it')
    .option('--dir <dir>', 'the requester folder: opens sealed answers and checks the request is yours')
    .option('--json', 'print every check and the claims as JSON')
    .action(async (answerFile: string, options: { request: string; dir?: string; json?: boolean }) => {
      const answer = readInputFile(answerFile, 'answer')
      const requestBytes = readInputFile(options.request, 'request')
      if (!options.dir && answer.toString('utf8').trimStart().startsWith('{')) {
        throw new MeVaultError('BAD_INPUT', 'The answer is sealed: give --dir DIR (the requester folder) to open it with your sealing key')
      }
      const { loadKitFolder, verifyAnswer } = await kit()
      const keys = options.dir ? (await loadKitFolder(options.dir)).profile.keys : undefined
      const result = await verifyAnswer(answer, { request: new Uint8Array(requestBytes), keys })
      if (options.json) printJson(result)
      if (!result.valid) throw new MeVaultError('INTEGRITY', `Answer refused: ${result.reason ?? 'not valid'}`)
      if (!options.json) {
        const claims = Object.entries(result.claims ?? {})
        out(shown`Valid answer to ${result.request.id}${result.sealed ? ' (sealed)' : ''} from ${result.person}, may be kept until ${result.keepUntil}\n`)
        out(claims.map(([name, value]) => shown`${name}: ${value}\n`).join(''))
        if (result.missingRequired.length > 0) note(shown`Not shared (required): ${result.missingRequired.join(', ')}`)
      }
    })

  registerOpenId4Vp(requester)

  requester
    .command('serve')
    .description('a small requester site: the request as a link and QR code, did.json, POST /answers and /withdrawals, and what arrived')
    .requiredOption('--dir <dir>', 'the requester folder')
    .option('--port <n>', 'port (default: the url’s port, else 8443; 0: any free port)')
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .option('--cert <file>', 'PEM certificate for https (with --key)')
    .option('--key <file>', 'PEM private key for https (with --cert)')
    .action(async (options: { dir: string; port?: string; host: string; cert?: string; key?: string }) => {
      if (Boolean(options.cert) !== Boolean(options.key)) throw new MeVaultError('BAD_INPUT', '--cert and --key go together')
      const { loadKitFolder, startRequesterSite } = await kit()
      const folder = await loadKitFolder(options.dir)
      const port = options.port === undefined ? Number(new URL(folder.profile.url).port || 8443) : Number(options.port)
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new MeVaultError('BAD_INPUT', '--port must be 0 to 65535')
      const tls = options.cert && options.key ? { cert: readPem(options.cert), key: readPem(options.key) } : undefined
      const site = await startRequesterSite({ folder, port, host: options.host, tls, log: (line) => note(shown`${line}`) })
      process.stdout.write(`Requester site at ${site.listening}\n`)
      if (site.origin !== site.listening) note(shown`Its links use ${site.origin}: make that name reach this address.`)
      note('Ctrl+C stops it.')
      await untilStopped(() => site.close())
    })
}

function declaredUse(options: RequestOptions) {
  const sharing = options.use
  if (sharing === undefined) {
    if (options.thirdParty.length > 0) throw new MeVaultError('BAD_INPUT', '--third-party needs --use named-third-parties')
    return undefined
  }
  // request-schema's DECLARED_USES, repeated: importing it here would load zod for every `mevault --help`.
  const kinds = ['requester-only', 'named-third-parties', 'aggregate-only', 'sold-individually'] as const
  const kind = kinds.find((candidate) => candidate === sharing)
  if (!kind) throw new MeVaultError('BAD_INPUT', `--use must be one of ${kinds.join(', ')}`)
  return kind === 'named-third-parties' ? { sharing: kind, thirdParties: options.thirdParty } : { sharing: kind }
}

function readPem(path: string): string {
  const text = readInputFile(path, 'PEM').toString('utf8')
  if (!text.includes('-----BEGIN ')) throw new MeVaultError('BAD_INPUT', `${resolve(path)} is not a PEM file`)
  return text
}
