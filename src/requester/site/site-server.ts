import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import type { AddressInfo } from 'node:net'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseRequest } from '../../core/requests/parse-request.js'
import { DID_DOCUMENT_PATH } from '../did-web.js'
import { type KitFolder, recordedRequests, WEB_ROOT } from '../kit-folder.js'
import { requestLink } from '../sign-request.js'
import { AnswerInbox } from './answer-inbox.js'
import { CONTENT_SECURITY_POLICY } from './html.js'
import { SITE_CSS } from './site-css.js'
import { answersPage, homePage, thanksPage, type ShownRequest } from './pages.js'
import { OpenId4VpInbox } from './openid4vp-inbox.js'

export interface RequesterSiteOptions {
  folder: KitFolder
  port?: number
  host?: string
  /** PEM certificate and key: the site speaks https (else plain http, for trying it on this computer). */
  tls?: { cert: string; key: string }
  /** One line per event, never with a person's values (default: stdout). */
  log?: (line: string) => void
  now?: () => Date
}

export interface RequesterSite {
  /** Where the site listens, e.g. https://127.0.0.1:8443. */
  listening: string
  /** The origin its links use: the requester url's with https, the listening address without. */
  origin: string
  inbox: AnswerInbox
  /** OpenID4VP requests and answers (only with https: wallets post to https addresses only). */
  openid4vp?: OpenId4VpInbox
  close(): Promise<void>
}

/** Answers are a few KiB; a sealed 200-claim answer stays far below this. */
export const MAX_POST_BYTES = 2 * 1024 * 1024
/** An OpenID4VP form body: one SD-JWT VC of a few dozen claims is a few KiB. */
export const MAX_OPENID4VP_BYTES = 256 * 1024
const SHOWN_REQUESTS = 10

/**
 * The requester's small site (`mevault requester serve`): the request as a link and QR code, the
 * domain binding, the signed request files, POST /answers (the responseUri), POST /withdrawals,
 * and a page of what arrived. Plain HTML, no script, a strict CSP.
 */
export async function startRequesterSite(options: RequesterSiteOptions): Promise<RequesterSite> {
  const { folder } = options
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`))
  const now = options.now ?? (() => new Date())
  const inbox = await AnswerInbox.open(folder, now)
  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    route(req, res).catch(() => {
      if (!res.headersSent) sendJson(res, 500, { status: 'error', reason: 'the answer could not be handled' })
      else res.destroy()
    })
  }
  const server: Server = options.tls ? createHttpsServer({ cert: options.tls.cert, key: options.tls.key }, handler) : createHttpServer(handler)
  server.requestTimeout = 15_000
  server.headersTimeout = 10_000
  const host = options.host ?? '127.0.0.1'
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, host, () => resolve())
  })
  const { port } = server.address() as AddressInfo
  const scheme = options.tls ? 'https' : 'http'
  const listening = `${scheme}://${host.includes(':') ? `[${host}]` : host}:${port}`
  const origin = options.tls ? new URL(folder.profile.url).origin : listening
  const ownHosts = new Set([new URL(origin).host, new URL(listening).host, `localhost:${port}`])
  const openid4vp = options.tls ? new OpenId4VpInbox(folder, origin, now) : undefined

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://site').pathname
    if (req.method === 'POST' && path === '/answers') return receive(req, res, 'answer')
    if (req.method === 'POST' && path === '/withdrawals') return receive(req, res, 'withdrawal')
    if (req.method === 'POST' && path === '/openid4vp/response' && openid4vp) return receive(req, res, 'openid4vp')
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { status: 'refused', reason: 'method not allowed' })
    if (path === '/') return sendHtml(res, homePage(folder.profile.name, new URL(folder.profile.url).host, await shownRequests()))
    if (path === '/answers') {
      // People's data: shown only to this computer, and only under the site's own names (no DNS rebinding).
      if (!fromThisComputer(req) || !ownHosts.has((req.headers.host ?? '').toLowerCase())) {
        return send(res, 403, 'text/plain; charset=utf-8', 'The answers received are shown only on the computer running the site\n')
      }
      return sendHtml(res, answersPage(folder.profile.name, inbox.answers, openid4vp?.answers))
    }
    if (path === '/openid4vp/request.jwt' && openid4vp) {
      const requestObject = await openid4vp.requestObject(new URL(req.url ?? '/', 'http://site').searchParams)
      if (requestObject) return send(res, 200, 'application/oauth-authz-req+jwt', requestObject, { 'Cache-Control': 'no-store' })
    }
    if (path === '/openid4vp/done' && openid4vp) return sendHtml(res, thanksPage(folder.profile.name))
    if (path === '/site.css') return send(res, 200, 'text/css; charset=utf-8', SITE_CSS)
    if (path === `/${DID_DOCUMENT_PATH}`) {
      const file = join(folder.dir, WEB_ROOT, DID_DOCUMENT_PATH)
      if (existsSync(file)) return send(res, 200, 'application/did+json', readFileSync(file), { 'Cache-Control': 'max-age=300' })
    }
    const requestFile = /^\/requests\/([0-9a-f]{64})\.jws$/.exec(path)
    if (requestFile) {
      const found = recordedRequests(folder).find((recorded) => recorded.sha256 === requestFile[1])
      if (found) return send(res, 200, 'application/jose', found.text, { 'Cache-Control': 'no-cache' })
    }
    return send(res, 404, 'text/plain; charset=utf-8', 'Not found\n')
  }

  async function shownRequests(): Promise<ShownRequest[]> {
    const shown: ShownRequest[] = []
    for (const recorded of recordedRequests(folder).slice(0, SHOWN_REQUESTS)) {
      try {
        const { request } = await parseRequest(recorded.text, { now: now(), allowExpired: true })
        const fileUrl = `${origin}/requests/${recorded.sha256}.jws`
        const openid4vpLink = await openid4vp?.linkFor(recorded.sha256, recorded.text)
        shown.push({ request, fileUrl, link: requestLink(fileUrl), ...(openid4vpLink ? { openid4vpLink } : {}) })
      } catch {
        // A file that is not a request (edited by hand) is not shown.
      }
    }
    return shown
  }

  async function receive(req: IncomingMessage, res: ServerResponse, kind: 'answer' | 'withdrawal' | 'openid4vp'): Promise<void> {
    const body = await readBody(req, kind === 'openid4vp' ? MAX_OPENID4VP_BYTES : MAX_POST_BYTES)
    if (body === 'too-large') {
      const limit = kind === 'openid4vp' ? MAX_OPENID4VP_BYTES : MAX_POST_BYTES
      log(`${kind} refused: larger than ${limit} bytes`)
      res.setHeader('Connection', 'close')
      return sendJson(res, 413, { status: 'refused', reason: `larger than ${limit} bytes` })
    }
    const outcome =
      kind === 'openid4vp' && openid4vp
        ? await openid4vp.receive(body, req.headers['content-type'])
        : kind === 'answer'
          ? await inbox.receiveAnswer(body)
          : await inbox.receiveWithdrawal(body)
    log(outcome.logLine)
    sendJson(res, outcome.status, outcome.body)
  }

  return {
    listening,
    origin,
    inbox,
    ...(openid4vp ? { openid4vp } : {}),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
  }
}

const LOOPBACK_ADDRESSES = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1'])

function fromThisComputer(req: IncomingMessage): boolean {
  return LOOPBACK_ADDRESSES.has(req.socket.remoteAddress ?? '')
}

/**
 * The body, or 'too-large' past MAX_POST_BYTES. An oversized body is still read to its end (up to
 * DRAIN_LIMIT, then the connection is cut): answering 413 while the sender is still writing makes
 * its next write fail, and it would see a reset instead of the reason.
 */
function readBody(req: IncomingMessage, limit = MAX_POST_BYTES): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    let tooLarge = Number(req.headers['content-length'] ?? 0) > limit
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > limit) tooLarge = true
      if (size > DRAIN_LIMIT) req.destroy()
      else if (!tooLarge) chunks.push(chunk)
    })
    req.on('end', () => resolve(tooLarge ? 'too-large' : Buffer.concat(chunks)))
    // Cut off (past DRAIN_LIMIT, or by the sender): nothing to answer, but nothing left waiting either.
    req.on('close', () => {
      if (!req.complete) resolve('too-large')
    })
    req.on('error', reject)
  })
}

/** How much of an oversized body is read (and dropped) so the sender can be told 413. */
const DRAIN_LIMIT = 8 * MAX_POST_BYTES

const SECURITY_HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Resource-Policy': 'same-origin'
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer, headers: Record<string, string> = {}): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': type, ...headers })
  res.end(res.req.method === 'HEAD' ? undefined : body)
}

function sendHtml(res: ServerResponse, body: string): void {
  send(res, 200, 'text/html; charset=utf-8', body, { 'Cache-Control': 'no-store' })
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  send(res, status, 'application/json; charset=utf-8', `${JSON.stringify(body)}\n`, { 'Cache-Control': 'no-store' })
}
