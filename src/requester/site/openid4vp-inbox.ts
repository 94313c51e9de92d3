import { randomBytes } from 'node:crypto'
import { parseRequest } from '../../core/requests/parse-request.js'
import { requestedKey } from '../../core/requests/request-schema.js'
import { type KitFolder, recordedRequests } from '../kit-folder.js'
import { didWebOf } from '../did-web.js'
import { type ClaimsWanted, personDcqlQuery } from '../openid4vp/dcql-query.js'
import { makeOpenId4VpRequest, openid4vpLink } from '../openid4vp/make-request.js'
import { forgetPending, loadPending, pendingRequestObject, pendingStates, recordPending } from '../openid4vp/pending-request.js'
import { answeredState, verifyOpenId4VpResponse } from '../openid4vp/verify-response.js'
import type { InboxOutcome } from './answer-inbox.js'

/** One OpenID4VP answer that passed every check (kept in memory only: a direct_post body is plain text). */
export interface ArrivedOpenId4VpAnswer {
  receivedAt: Date
  holder: string
  claims: Record<string, unknown>
  notice: string
}

/** At most this many requests wait for an answer; the oldest go first (each GET of a request_uri makes one). */
const MAX_PENDING = 200

/**
 * The site's OpenID4VP side (`requester serve` with https): for each MeVault request on the page,
 * an `openid4vp://` link asking the same claims by reference. Each fetch of its request_uri makes
 * a fresh request (nonce and state, kept in DIR/openid4vp/pending/), as verifiers do per session;
 * requests made with `requester openid4vp-request` are served by their state. Answers come to
 * POST /openid4vp/response, are verified with the kit, and the state is then forgotten (a nonce
 * is used once).
 */
export class OpenId4VpInbox {
  readonly answers: ArrivedOpenId4VpAnswer[] = []
  /** States being verified now: the same answer posted twice at once is taken once. */
  private readonly verifying = new Set<string>()

  constructor(
    private readonly folder: KitFolder,
    private readonly origin: string,
    private readonly now: () => Date
  ) {}

  get responseUri(): string {
    return `${this.origin}/openid4vp/response`
  }

  /** The by-reference link shown next to a MeVault request (its sha256), or undefined when it cannot be asked this way. */
  async linkFor(sha256: string, requestText: string): Promise<string | undefined> {
    try {
      personDcqlQuery(await this.claimsOf(requestText))
    } catch {
      return undefined // e.g. only optional claims: DCQL cannot ask that
    }
    const clientId = `decentralized_identifier:${didWebOf(this.folder.profile.url)}`
    return openid4vpLink({ client_id: clientId, request_uri: `${this.origin}/openid4vp/request.jwt?for=${sha256}` })
  }

  /** GET /openid4vp/request.jwt: `?for=<sha256>` makes a fresh request; `?state=S` serves one made before. */
  async requestObject(query: URLSearchParams): Promise<string | undefined> {
    const state = query.get('state')
    if (state) return pendingRequestObject(this.folder, state)
    const sha = query.get('for') ?? ''
    const recorded = recordedRequests(this.folder).find((candidate) => candidate.sha256 === sha)
    if (!recorded) return undefined
    const made = await this.requestFor(recorded.text)
    this.prune()
    recordPending(this.folder, made.pending, made.requestObject)
    return made.requestObject
  }

  async receive(body: Buffer, contentType: string | undefined): Promise<InboxOutcome> {
    if (!/^application\/x-www-form-urlencoded\b/i.test(contentType ?? '')) {
      return refused(415, 'response', 'the answer must be posted as application/x-www-form-urlencoded')
    }
    const state = answeredState(body)
    let pending
    try {
      pending = state ? loadPending(this.folder, state) : undefined
    } catch {
      pending = undefined
    }
    if (!pending || !state || this.verifying.has(state)) {
      return refused(400, 'state', 'it answers no request this requester has waiting (unknown, answered already, or expired)')
    }
    this.verifying.add(state)
    let result
    try {
      result = await verifyOpenId4VpResponse(body, pending, { now: this.now() })
      if (result.valid) forgetPending(this.folder, state)
    } finally {
      this.verifying.delete(state)
    }
    if (!result.valid || !result.claims || !result.holder) {
      return refused(400, result.failedCheck ?? 'answer', result.reason?.replace(/^[a-z-]+: /, '') ?? 'not valid')
    }
    this.answers.push({ receivedAt: this.now(), holder: result.holder, claims: result.claims, notice: result.notice })
    const count = Object.keys(result.claims).length
    const code = randomBytes(16).toString('base64url')
    return {
      status: 200,
      body: { redirect_uri: `${this.origin}/openid4vp/done?response_code=${code}` },
      logLine: `OpenID4VP answer accepted: ${count} claim${count === 1 ? '' : 's'}, self-asserted by ${result.holder}`
    }
  }

  /** The MeVault request's claims, required and optional, as the OpenID4VP request asks them. */
  private async claimsOf(requestText: string): Promise<ClaimsWanted> {
    const { request } = await parseRequest(requestText, { now: this.now(), allowExpired: true })
    const keys = request.fields.map((field) => ({ key: requestedKey(field), required: field.required }))
    return {
      claims: keys.filter((field) => field.required).map((field) => field.key),
      optional: keys.filter((field) => !field.required).map((field) => field.key),
      allowUnknownClaims: true
    }
  }

  private async requestFor(requestText: string) {
    return makeOpenId4VpRequest({ requester: this.folder.profile, ...(await this.claimsOf(requestText)), responseUri: this.responseUri, now: this.now() })
  }

  /** Expired requests go, and the oldest beyond MAX_PENDING. */
  private prune(): void {
    const now = this.now().getTime()
    pendingStates(this.folder).forEach(({ state }, index) => {
      if (index >= MAX_PENDING - 1) return forgetPending(this.folder, state)
      try {
        if (Date.parse(loadPending(this.folder, state).expiresAt) < now) forgetPending(this.folder, state)
      } catch {
        forgetPending(this.folder, state)
      }
    })
  }
}

function refused(status: number, check: string, reason: string): InboxOutcome {
  // OAuth's error response, with the kit's check named.
  return { status, body: { error: 'invalid_request', error_description: `${check}: ${reason}`, check }, logLine: `OpenID4VP answer refused (${check}): ${reason}` }
}
