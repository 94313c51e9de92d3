/**
 * `openid4vp://` (and HAIP's `haip-vp://`) links: a verifier's OpenID4VP 1.0 authorization
 * request, by value or by reference (`request_uri`). Like a by-reference MeVault link, it is
 * never read or fetched on its own: it is put before the person with the host it points at, and
 * opened only when they choose Open, so a web page cannot make MeVault contact a server, or
 * answer anything, behind their back. The request itself is checked when it is opened.
 */
import type { OpenedRequest } from '../../preload/shell-events.js'
import { badInput } from '../../shared/errors.js'
import { MAX_LINK_LENGTH } from './mevault-link.js'

export const OPENID4VP_LINK_SCHEMES = ['openid4vp', 'haip-vp'] as const
const SCHEME = /^(?:openid4vp|haip-vp):/i

export function isOpenId4VpLink(link: string): boolean {
  return SCHEME.test(link)
}

export function parseOpenId4VpLink(link: string): OpenedRequest {
  if (link.length > MAX_LINK_LENGTH) throw badInput(`This OpenID4VP link is too long (at most ${MAX_LINK_LENGTH} characters)`)
  if (!isOpenId4VpLink(link)) throw badInput('Not an OpenID4VP link')
  let parameters: URLSearchParams
  try {
    parameters = new URL(link).searchParams
  } catch {
    throw badInput('This OpenID4VP link is damaged: it is not a valid address')
  }
  if (!parameters.get('client_id')) throw badInput('This OpenID4VP link names no client_id: it is not a request')
  const address = parameters.get('request_uri') ?? parameters.get('response_uri')
  if (!address) throw badInput('This OpenID4VP link has neither a request_uri nor a response_uri: it is not a request MeVault can answer')
  let target: URL
  try {
    target = new URL(address)
  } catch {
    throw badInput('This OpenID4VP link points to something that is not a web address')
  }
  if (target.protocol !== 'https:') throw badInput('This OpenID4VP link points to an address that is not https://; refused')
  return { fileName: target.host, text: '', link }
}
