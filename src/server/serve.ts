/**
 * `mevault serve`: the renderer and the typed API over loopback HTTP, for machines without Electron.
 * Binds 127.0.0.1 only. The app lives under a random path per run; the printed address carries a
 * one-time token that the first visit trades for an HttpOnly SameSite=Strict session cookie scoped
 * to that path (see access-control.ts for why).
 */
import { readFile } from 'node:fs/promises'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { FILE_CALL_METHODS, invokeMethod, MAX_FILE_CALL_BYTES, isMethodName, type MeVaultApi, type VaultEvents, type WireError, type WireResult } from '../shared/api.js'
import { MeVaultError } from '../shared/errors.js'
import { RENDERER_SECURITY_HEADERS } from '../main/security/content-security-policy.js'
import {
  allowedHosts,
  allowedOrigins,
  newAccessToken,
  newPathPrefix,
  OneTimeToken,
  readCookies,
  sameToken,
  SESSION_COOKIE,
  sessionCookie
} from './access-control.js'
import { statusForError } from './http-status.js'
import { EVENTS_PATH, EventStreams } from './event-stream.js'
import { contentTypeFor, resolveRendererFile } from './static-files.js'

export interface ServeOptions {
  api: MeVaultApi
  /** The vault's change events, sent to signed-in pages as server-sent events (GET api/events). */
  events?: VaultEvents
  /** 0 or absent: any free port. */
  port?: number
  /** The built renderer, normally out/renderer. */
  rendererDir: string
}

export interface RunningServer {
  /** The address to open once, carrying the one-time token. */
  url: string
  /** The app's own address (no token), ending in "/": what the address bar shows after signing in. */
  appUrl: string
  port: number
  close(): Promise<void>
}

/** The most a call carries, but for the file calls (FILE_CALL_METHODS). */
export const MAX_API_BODY_BYTES = 1024 * 1024
const HOST = '127.0.0.1'

class RequestRefused extends Error {
  constructor(
    readonly status: number,
    readonly wire: WireError
  ) {
    super(wire.message)
  }
}

const NOT_HERE = 'Not found: open the address that `mevault serve` printed.'
const NO_TOKEN = 'Refused: open the address that `mevault serve` printed; it carries the access token.'
const TOKEN_USED =
  "Refused: this address was already used. It signs in only once, so that a copy in the browser's " +
  'history opens nothing. Use the browser window where you first opened it, or restart `mevault serve` ' +
  'for a new address. If you did not open it yourself, stop `mevault serve` now.'

export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const signIn = new OneTimeToken()
  const session = newAccessToken()
  const prefix = newPathPrefix()
  const appPath = `/${prefix}/`
  const server = createServer()
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE'
          ? new MeVaultError('BUSY', `Port ${options.port} is already in use; choose another with --port`)
          : error
      )
    })
    server.listen(options.port ?? 0, HOST, () => resolve())
  })
  const port = (server.address() as AddressInfo).port
  const hosts = allowedHosts(port)
  const origins = allowedOrigins(port)
  const streams = new EventStreams(options.events)

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    for (const [name, value] of Object.entries(RENDERER_SECURITY_HEADERS)) res.setHeader(name, value)
    handle(req, res).catch(() => {
      if (!res.headersSent) sendText(res, 500, 'MeVault could not answer this request.')
      else res.destroy()
    })
  })

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // Host first: a rebinding attacker's page has the right IP but the wrong Host.
    if (!hosts.has(req.headers.host ?? '')) {
      return sendText(res, 403, 'Refused: this server answers only to 127.0.0.1 and localhost on its own port.')
    }
    const url = new URL(req.url ?? '/', `http://${HOST}:${port}`)
    if (url.pathname === appPath.slice(0, -1)) return redirect(res, appPath + url.search)
    // Nothing outside this run's path: not the app, nor any hint that it is here.
    if (!url.pathname.startsWith(appPath)) return refuse(req, res, 404, NOT_HERE, false)
    const inApp = url.pathname.slice(appPath.length - 1)
    const isApi = inApp.startsWith('/api/')
    const signedIn = readCookies(req.headers.cookie, SESSION_COOKIE).some((given) => sameToken(session, given))
    const queryToken = url.searchParams.get('token')
    if (queryToken !== null && req.method === 'GET') {
      const redemption = signIn.redeem(queryToken)
      if (redemption === 'wrong') return refuse(req, res, 401, NO_TOKEN, isApi)
      // Used again: refused, unless this browser is signed in already (then the token adds nothing).
      if (redemption === 'used' && !signedIn) return refuse(req, res, 410, TOKEN_USED, isApi)
      if (redemption === 'granted') res.setHeader('Set-Cookie', sessionCookie(prefix, session))
      // The page's own address never carries the token.
      url.searchParams.delete('token')
      return redirect(res, url.pathname + url.search)
    }
    if (!signedIn) return refuse(req, res, 401, NO_TOKEN, isApi)
    if (inApp === EVENTS_PATH) return openEventStream(req, res)
    if (isApi) return handleApi(req, res, inApp.slice('/api/'.length))
    return serveFile(req, res, inApp)
  }

  async function handleApi(req: IncomingMessage, res: ServerResponse, method: string): Promise<void> {
    try {
      if (req.method !== 'POST') throw refused(405, 'BAD_INPUT', 'API calls must use POST')
      if (!origins.has(req.headers.origin ?? '')) {
        throw refused(403, 'FORBIDDEN', 'Refused: API calls must come from the MeVault page itself')
      }
      const contentType = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase()
      if (contentType !== 'application/json') {
        throw refused(415, 'BAD_INPUT', 'API calls must send Content-Type: application/json')
      }
      if (!isMethodName(method)) throw refused(404, 'NOT_FOUND', `No API method named "${method.slice(0, 64)}"`)
      const raw = await readJsonBody(req, FILE_CALL_METHODS.has(method) ? MAX_FILE_CALL_BYTES : MAX_API_BODY_BYTES)
      const result = await invokeMethod(options.api, method, raw)
      sendJson(res, result.ok ? 200 : statusForError(result.error.code), result)
    } catch (error) {
      if (!(error instanceof RequestRefused)) throw error
      sendJson(res, error.status, { ok: false, error: error.wire })
    }
  }

  /**
   * The page's EventSource. Same-origin GETs carry no Origin header, so only a foreign one is refused;
   * the SameSite=Strict cookie (checked above) already keeps other sites' pages out.
   */
  function openEventStream(req: IncomingMessage, res: ServerResponse): void {
    if (req.method !== 'GET') return refuse(req, res, 405, 'Events are read with GET', true)
    const origin = req.headers.origin
    if (origin !== undefined && !origins.has(origin)) {
      return refuse(req, res, 403, 'Refused: events are only for the MeVault page itself', true)
    }
    if (!streams.open(res)) return refuse(req, res, 429, 'Too many event streams are open: close some MeVault tabs', true)
  }

  async function serveFile(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, 'Only GET and HEAD are served here.')
    const file = resolveRendererFile(options.rendererDir, pathname)
    const type = file === null ? null : contentTypeFor(file)
    if (file === null || type === null) return sendText(res, 404, 'Not found.')
    let body: Buffer
    try {
      body = await readFile(file)
    } catch {
      return sendText(res, 404, 'Not found.')
    }
    res.writeHead(200, { 'Content-Type': type, 'Content-Length': body.length })
    res.end(req.method === 'HEAD' ? undefined : body)
  }

  function redirect(res: ServerResponse, location: string): void {
    res.setHeader('Location', location)
    res.writeHead(303).end()
  }

  function refuse(req: IncomingMessage, res: ServerResponse, status: number, message: string, asJson: boolean): void {
    if (asJson) sendJson(res, status, { ok: false, error: { code: 'FORBIDDEN', message } })
    else sendText(res, status, message)
    req.resume()
  }

  return {
    url: `http://${HOST}:${port}${appPath}?token=${signIn.value}`,
    appUrl: `http://${HOST}:${port}${appPath}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        streams.closeAll()
        server.close((error) => (error ? reject(error) : resolve()))
        server.closeAllConnections()
      })
  }
}

function refused(status: number, code: WireError['code'], message: string): RequestRefused {
  return new RequestRefused(status, { code, message })
}

async function readJsonBody(req: IncomingMessage, limit: number): Promise<unknown> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > limit) throw refused(413, 'BAD_INPUT', `The request body is over ${limit} bytes`)
    chunks.push(chunk)
  }
  const text = Buffer.concat(chunks).toString('utf8')
  if (text.trim() === '') return undefined
  try {
    return JSON.parse(text) as unknown
  } catch {
    throw refused(400, 'BAD_INPUT', 'The request body is not valid JSON')
  }
}

function sendJson(res: ServerResponse, status: number, body: WireResult): void {
  const text = JSON.stringify(body)
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) })
  res.end(text)
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(text) })
  res.end(text)
}
