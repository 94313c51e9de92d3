import { isLoopbackUrl } from '../net/loopback.js'
import { webRequest, type WebDependencies } from '../net/web-request.js'

/** What was sent: the answer (packet) to a request, or a withdrawal-of-consent notice. */
export type DeliveryKind = 'answer' | 'withdrawal'

/** One try at handing something to a requester's address; kept in the ledger. */
export interface DeliveryAttempt {
  kind: DeliveryKind
  /** The address posted to. */
  to: string
  at: string
  outcome: 'delivered' | 'failed'
  /** The HTTP status the requester answered with, when it answered. */
  status?: number
  /** Why it failed, in a few words (see WebFailureReason): 'refused', 'timeout', 'redirect', … */
  reason?: string
  /** One line for the person, e.g. "answered with a redirect (302), which is not followed". */
  detail?: string
  /**
   * Where an OpenID4VP verifier asks the person to continue (its reply's `redirect_uri`, https only):
   * opened in the system browser, never followed by MeVault itself.
   */
  continueAt?: string
}

/** The body's media type: an OpenID4VP answer is a form; otherwise a JWS or a sealed envelope (JSON). */
export type DeliveryMediaType = 'application/jwt' | 'application/json' | 'application/x-www-form-urlencoded'

const TIMEOUT_MS = 10_000
/** A requester's reply is a short acknowledgement; anything longer is not read. */
const MAX_REPLY_BYTES = 64 * 1024

/**
 * Posts an answer or a notice to the address the request named. A signed JWS goes as
 * `application/jwt` (RFC 7519's media type, which the kit and any JOSE stack understand); a
 * sealed envelope as JSON. Redirects are not followed: a request names the one address the
 * person agreed to send to. Never throws: the outcome is recorded and shown.
 */
export async function deliver(
  kind: DeliveryKind,
  to: string,
  body: string,
  now: () => Date,
  web: WebDependencies = {},
  mediaType?: DeliveryMediaType
): Promise<DeliveryAttempt> {
  const contentType = mediaType ?? (body.trimStart().startsWith('{') ? 'application/json' : 'application/jwt')
  const response = await webRequest(
    {
      url: to,
      method: 'POST',
      headers: { 'content-type': contentType, 'user-agent': 'MeVault' },
      body,
      timeoutMs: TIMEOUT_MS,
      maxResponseBytes: MAX_REPLY_BYTES
    },
    web
  )
  const at = now().toISOString()
  if (response.ok) {
    const continueAt = contentType === 'application/x-www-form-urlencoded' ? redirectUriOf(response.body) : undefined
    return { kind, to, at, outcome: 'delivered', status: response.status, ...(continueAt ? { continueAt } : {}) }
  }
  return {
    kind,
    to,
    at,
    outcome: 'failed',
    reason: response.reason,
    detail: response.detail,
    ...(response.status === undefined ? {} : { status: response.status })
  }
}

/** How an address is shown to the person: its host, or "this computer" for a loopback address. */
export function describeAddress(address: string): string {
  try {
    const url = new URL(address)
    return isLoopbackUrl(url) ? `this computer (port ${url.port || (url.protocol === 'https:' ? '443' : '80')})` : url.host
  } catch {
    return 'an unusable address'
  }
}

/** An OpenID4VP verifier's reply may name where the person continues (§8.2): an https address, nothing else. */
function redirectUriOf(body: Buffer): string | undefined {
  try {
    const reply = JSON.parse(body.toString('utf8')) as { redirect_uri?: unknown }
    if (typeof reply.redirect_uri !== 'string' || reply.redirect_uri.length > 2048) return undefined
    const url = new URL(reply.redirect_uri)
    return url.protocol === 'https:' && !url.username && !url.password ? url.href : undefined
  } catch {
    return undefined
  }
}
