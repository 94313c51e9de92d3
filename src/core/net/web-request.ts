import { lookup as systemLookup } from 'node:dns'
import http from 'node:http'
import https from 'node:https'
import type { LookupFunction } from 'node:net'
import type { SecureContextOptions } from 'node:tls'
import { isLoopbackUrl } from './loopback.js'

/**
 * The one way the core talks to the web: checking a requester's domain binding, delivering an
 * answer or a withdrawal notice. Deliberately small and strict: https only (plain http only to
 * this computer, for development), redirects are never followed, and time and size are bounded.
 * The trust store is the system's, which Node extends with NODE_EXTRA_CA_CERTS (a company's own
 * PKI, or a test's CA). Failures are values, not exceptions: the caller shows and records them.
 */

export interface WebRequest {
  url: string
  method: 'GET' | 'POST'
  headers?: Record<string, string>
  body?: Uint8Array | string
  /** Whole exchange, connect included. */
  timeoutMs?: number
  /** A larger response body is cut off and reported as too-large. */
  maxResponseBytes?: number
}

export type WebFailureReason =
  | 'not-allowed' // not https, or http to another computer
  | 'dns' // the name does not resolve
  | 'refused' // nothing listens there, or the connection was reset
  | 'tls' // the certificate is not trusted or not for this name
  | 'timeout'
  | 'redirect' // a 3xx: never followed
  | 'status' // any other non-2xx answer
  | 'too-large'

export type WebResponse =
  | { ok: true; status: number; headers: http.IncomingHttpHeaders; body: Buffer }
  | { ok: false; reason: WebFailureReason; status?: number; detail: string }

/** What the network is to the core: tests and `MEVAULT_RESOLVE` give their own name lookup. */
export interface WebDependencies {
  /** Name lookup; defaults to the system's. */
  lookup?: LookupFunction
  /** Extra trust anchors on top of the system's (PEM). */
  ca?: SecureContextOptions['ca']
  /** A shorter limit on every exchange than each caller's own (tests of a requester that never answers). */
  timeoutMs?: number
}

export const DEFAULT_TIMEOUT_MS = 10_000
export const DEFAULT_MAX_RESPONSE_BYTES = 256 * 1024


export async function webRequest(request: WebRequest, deps: WebDependencies = {}): Promise<WebResponse> {
  let url: URL
  try {
    url = new URL(request.url)
  } catch {
    return { ok: false, reason: 'not-allowed', detail: 'not an absolute address' }
  }
  const secure = url.protocol === 'https:'
  if (!secure && !(url.protocol === 'http:' && isLoopbackUrl(url))) {
    return { ok: false, reason: 'not-allowed', detail: 'only https:// addresses (or http:// to this computer) are used' }
  }
  if (url.username || url.password) {
    return { ok: false, reason: 'not-allowed', detail: 'the address carries a user name or password' }
  }
  const timeoutMs = Math.min(request.timeoutMs ?? DEFAULT_TIMEOUT_MS, deps.timeoutMs ?? Infinity)
  const maxBytes = request.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES
  const body = typeof request.body === 'string' ? Buffer.from(request.body, 'utf8') : request.body

  return new Promise<WebResponse>((resolve) => {
    let settled = false
    const finish = (response: WebResponse): void => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      resolve(response)
    }
    const options: https.RequestOptions = {
      method: request.method,
      headers: { ...request.headers, ...(body ? { 'content-length': String(body.length) } : {}) },
      // A fresh connection each time: no pooled socket outlives the call and keeps a process alive.
      agent: false,
      ...(deps.lookup ? { lookup: deps.lookup } : {}),
      ...(secure && deps.ca ? { ca: deps.ca } : {})
    }
    const req = (secure ? https : http).request(url, options, (res) => {
      const status = res.statusCode ?? 0
      if (status >= 300 && status < 400) {
        res.resume()
        finish({ ok: false, reason: 'redirect', status, detail: `answered with a redirect (${status}), which is not followed` })
        req.destroy()
        return
      }
      const chunks: Buffer[] = []
      let size = 0
      res.on('data', (chunk: Buffer) => {
        size += chunk.length
        if (size > maxBytes) {
          finish({ ok: false, reason: 'too-large', status, detail: `the answer is larger than ${maxBytes} bytes` })
          req.destroy()
          return
        }
        chunks.push(chunk)
      })
      res.on('end', () => {
        const bytes = Buffer.concat(chunks)
        if (status >= 200 && status < 300) finish({ ok: true, status, headers: res.headers, body: bytes })
        else finish({ ok: false, reason: 'status', status, detail: `answered ${status}` })
      })
      res.on('error', (error) => finish(failureOf(error)))
    })
    const timer = setTimeout(() => {
      finish({ ok: false, reason: 'timeout', detail: `no answer within ${Math.round(timeoutMs / 100) / 10} s` })
      req.destroy()
    }, timeoutMs)
    req.on('error', (error) => finish(failureOf(error)))
    req.end(body)
  })
}

function failureOf(error: Error): WebResponse & { ok: false } {
  const code = (error as NodeJS.ErrnoException).code ?? ''
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return { ok: false, reason: 'dns', detail: 'the name does not resolve' }
  if (code === 'ECONNREFUSED' || code === 'ECONNRESET' || code === 'EPIPE' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH') {
    return { ok: false, reason: 'refused', detail: 'nothing accepted the connection' }
  }
  // OpenSSL's verify codes (UNABLE_TO_GET_ISSUER_CERT_LOCALLY, CERT_HAS_EXPIRED, …) and Node's TLS ones.
  if (/^(ERR_TLS|ERR_SSL)|CERT|SELF_SIGNED|UNABLE_TO|HOSTNAME/.test(code)) {
    return { ok: false, reason: 'tls', detail: `its certificate is not trusted here (${code})` }
  }
  return { ok: false, reason: 'refused', detail: code ? `the connection failed (${code})` : 'the connection failed' }
}

/**
 * `MEVAULT_RESOLVE="host=127.0.0.1,other.example=127.0.0.1"`: like curl's --resolve, for trying a
 * requester's site on this computer. Only loopback targets are accepted, so it cannot send a
 * person's answer anywhere but the names' real hosts or this machine.
 */
export function lookupFromEnvironment(value = process.env.MEVAULT_RESOLVE): LookupFunction | undefined {
  if (!value) return undefined
  const table = new Map<string, string>()
  for (const entry of value.split(',')) {
    const [host, address] = entry.split('=').map((part) => part.trim().toLowerCase())
    if (host && (address === '127.0.0.1' || address === '::1')) table.set(host, address)
  }
  if (table.size === 0) return undefined
  return ((hostname: string, options: unknown, callback: unknown) => {
    const done = (typeof options === 'function' ? options : callback) as (
      error: NodeJS.ErrnoException | null,
      address: string | { address: string; family: number }[],
      family?: number
    ) => void
    const address = table.get(hostname.toLowerCase())
    if (!address) {
      if (typeof options === 'function') systemLookup(hostname, done)
      else systemLookup(hostname, options as object, done)
      return
    }
    const family = address.includes(':') ? 6 : 4
    const all = typeof options === 'object' && options !== null && (options as { all?: boolean }).all
    if (all) done(null, [{ address, family }])
    else done(null, address, family)
  }) as LookupFunction
}
