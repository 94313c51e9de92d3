import { badInput, MeVaultError } from '../../shared/errors.js'
import { isLoopbackUrl } from '../net/loopback.js'
import { webRequest, type WebDependencies } from '../net/web-request.js'
import { MAX_REQUEST_BYTES } from './request-schema.js'

/**
 * A request reached by a link rather than a file: `mevault://request?request_uri=https://…` (what a
 * requester's page shows, as a link and a QR code; OpenID4VP names its by-reference parameter the
 * same way), or the https address of the request file itself. The request is fetched over HTTPS
 * with the core's strict client and then read like a file: its bytes are what the answer binds.
 */
export const REQUEST_LINK_SCHEME = 'mevault:'

/** The https address a link points at; BAD_INPUT naming what is wrong with it. */
export function requestUriOf(link: string): string {
  const trimmed = link.trim()
  let url: URL
  try {
    url = new URL(trimmed)
  } catch {
    throw badInput('That is not a request link: it should start with mevault://request? or https://')
  }
  if (url.protocol === REQUEST_LINK_SCHEME) {
    // mevault://request?request_uri=… parses with "request" as the host.
    if (url.hostname !== 'request' && url.pathname.replace(/^\/+/, '') !== 'request') {
      throw badInput('A mevault:// link must be mevault://request?request_uri=https://…')
    }
    const inner = url.searchParams.get('request_uri')
    if (!inner) throw badInput('The link has no request_uri: it should be mevault://request?request_uri=https://…')
    return requestUriOf(inner)
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackUrl(url))) {
    throw badInput('A request link must point to an https:// address')
  }
  if (url.username || url.password) throw badInput('The request link carries a user name or password, which hides its real host: refused')
  return url.href
}

/** Fetches the request a link points at: its text exactly as served. */
export async function fetchRequest(link: string, web: WebDependencies = {}): Promise<{ text: string; from: string }> {
  const from = requestUriOf(link)
  const response = await webRequest(
    { url: from, method: 'GET', headers: { accept: 'application/json, application/jwt, text/plain' }, maxResponseBytes: MAX_REQUEST_BYTES },
    web
  )
  if (!response.ok) {
    const where = new URL(from).host
    if (response.reason === 'refused' || response.reason === 'dns') throw new MeVaultError('UNREACHABLE', `Could not fetch the request from ${where}: ${response.detail}`)
    if (response.reason === 'timeout') throw new MeVaultError('TIMED_OUT', `Could not fetch the request from ${where}: ${response.detail}`)
    throw badInput(`Could not fetch the request from ${where}: ${response.detail}`)
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(response.body), from }
  } catch {
    throw badInput('The request that link points to is not UTF-8 text')
  }
}
