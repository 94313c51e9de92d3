/**
 * `mevault://` links, in two forms:
 * - `mevault://request/<base64url of the request>`: the request carried inline (plain JSON or a
 *   signed compact JWS), opened at once like a file;
 * - `mevault://request?request_uri=https://…`: what a requester's page shows (a QR code cannot
 *   carry a signed request of twenty claims). The app does not fetch it on its own: the link is put
 *   before the person, with the host it points at, and fetched over HTTPS only when they choose
 *   Open, so a web page cannot make MeVault contact a server behind their back.
 * Nothing else is accepted: no `?url=`, no `open?file=`, no local files.
 */
import { base64urlnopad } from '@scure/base'
import type { OpenedRequest } from '../../preload/shell-events.js'
import { badInput } from '../../shared/errors.js'
import { requestUriOf } from '../../core/requests/request-link.js'
import { decodeRequestText } from './request-text.js'

export const MEVAULT_LINK_SCHEME = 'mevault'
/** Links pass through command lines (Windows caps those near 32k characters) and browsers: keep them short. */
export const MAX_LINK_LENGTH = 16_384
export const LINK_REQUEST_NAME = 'request from a mevault link'

const FORM = /^mevault:\/\/request\/([A-Za-z0-9_-]+)={0,2}\/?$/i
const BY_REFERENCE = /^mevault:\/\/request\/?\?request_uri=[^&#]+$/i
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/

export function parseMeVaultLink(link: string): OpenedRequest {
  if (link.length > MAX_LINK_LENGTH) throw badInput(`This MeVault link is too long (at most ${MAX_LINK_LENGTH} characters)`)
  if (!/^mevault:/i.test(link)) throw badInput('Not a MeVault link')
  if (BY_REFERENCE.test(link)) {
    // Checked here (https only, no user-info) so a bad link is refused before the page sees it.
    const uri = requestUriOf(link)
    return { fileName: new URL(uri).host, text: '', link }
  }
  const match = FORM.exec(link)
  if (!match) {
    throw badInput(
      'This MeVault link is refused: MeVault only opens links of the form mevault://request/… that carry the request, or mevault://request?request_uri=https://… that point to it'
    )
  }
  let bytes: Uint8Array
  try {
    bytes = base64urlnopad.decode(match[1] ?? '')
  } catch {
    throw badInput('This MeVault link is damaged: its request is not valid base64url')
  }
  const text = decodeRequestText(bytes, 'This MeVault link')
  const trimmed = text.trim()
  if (!trimmed.startsWith('{') && !COMPACT_JWS.test(trimmed)) {
    throw badInput('This MeVault link does not carry a request (JSON or a signed .jws)')
  }
  return { fileName: LINK_REQUEST_NAME, text }
}

/** The link in a command line (Windows and Linux hand links to the app as an argument), if any: mevault:// or OpenID4VP. */
export function linkFromArgv(argv: readonly string[]): string | null {
  return argv.find((argument) => /^(?:mevault|openid4vp|haip-vp):/i.test(argument)) ?? null
}

/** Builds a link for a request: for tests, docs and requesters' tooling. */
export function requestLink(text: string): string {
  return `${MEVAULT_LINK_SCHEME}://request/${base64urlnopad.encode(new TextEncoder().encode(text))}`
}
