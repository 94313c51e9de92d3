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
}

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
  web: WebDependencies = {}
): Promise<DeliveryAttempt> {
  const contentType = body.trimStart().startsWith('{') ? 'application/json' : 'application/jwt'
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
  if (response.ok) return { kind, to, at, outcome: 'delivered', status: response.status }
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
