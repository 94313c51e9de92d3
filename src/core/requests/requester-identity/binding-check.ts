import { lookupFromEnvironment, webRequest, type WebDependencies, type WebRequest, type WebResponse } from '../../net/web-request.js'
import { bindingInDocument, didWebTarget } from './did-web.js'
import { cacheLifetimeMs } from './http-lifetime.js'

/** What checking a requester's domain binding found (docs/formats/requester-binding.md, "Outcomes"). */
export type BindingCheck =
  | { state: 'verified'; domain: string; method: 'did:web' }
  | { state: 'not-bound'; reason: string }
  | { state: 'could-not-check'; reason: string }

export const BINDING_TIMEOUT_MS = 3_000
export const MAX_DID_DOCUMENT_BYTES = 64 * 1024

export interface BindingCheckerOptions {
  /** The network: webRequest over the system's trust store by default. */
  fetch?: (request: WebRequest) => Promise<WebResponse>
  /** Extra trust anchors and name lookup for the default fetch (tests, a company's own PKI). */
  web?: WebDependencies
  /** Milliseconds since the epoch; the cache's clock. */
  now?: () => number
}

/** A fetched document (or the domain's definite "no") and until when it may be used. */
type Fetched = { document: unknown } | { notBound: string }

/**
 * Checks requesters' did:web bindings, keeping each domain's document for its HTTP lifetime, so
 * opening a second request from the same requester costs no round trip. Checks of the same
 * document in flight at once share one fetch (the inbox previews several requests together).
 */
export class BindingChecker {
  private readonly fetch: (request: WebRequest) => Promise<WebResponse>
  private readonly now: () => number
  private readonly cache = new Map<string, { until: number; fetched: Fetched }>()
  private readonly inFlight = new Map<string, Promise<Fetched | { couldNotCheck: string }>>()

  constructor(options: BindingCheckerOptions = {}) {
    const web = options.web ?? {}
    this.fetch = options.fetch ?? ((request) => webRequest(request, web))
    this.now = options.now ?? Date.now
  }

  /** Whether the domain of `requesterUrl` lists `didKey`. Never throws: failures are outcomes. */
  async check(requesterUrl: string, didKey: string): Promise<BindingCheck> {
    const target = didWebTarget(requesterUrl)
    const fetched = await this.documentOf(target.documentUrl)
    if ('couldNotCheck' in fetched) return { state: 'could-not-check', reason: fetched.couldNotCheck }
    if ('notBound' in fetched) return { state: 'not-bound', reason: fetched.notBound }
    const found = bindingInDocument(fetched.document, target.did, didKey)
    return found.holds ? { state: 'verified', domain: target.domain, method: 'did:web' } : { state: 'not-bound', reason: found.reason }
  }

  private documentOf(documentUrl: string): Promise<Fetched | { couldNotCheck: string }> {
    const cached = this.cache.get(documentUrl)
    if (cached && cached.until > this.now()) return Promise.resolve(cached.fetched)
    this.cache.delete(documentUrl)
    const pending = this.inFlight.get(documentUrl)
    if (pending) return pending
    const fetching = this.fetchDocument(documentUrl)
      // A failed check must never stop a request from being shown: it is only "could not check".
      .catch((error: unknown) => ({ couldNotCheck: `${documentUrl}: ${error instanceof Error ? error.message : 'the check failed'}` }))
      .finally(() => this.inFlight.delete(documentUrl))
    this.inFlight.set(documentUrl, fetching)
    return fetching
  }

  private async fetchDocument(documentUrl: string): Promise<Fetched | { couldNotCheck: string }> {
    const response = await this.fetch({
      url: documentUrl,
      method: 'GET',
      headers: { accept: 'application/did+json, application/json' },
      timeoutMs: BINDING_TIMEOUT_MS,
      maxResponseBytes: MAX_DID_DOCUMENT_BYTES
    })
    if (!response.ok) {
      const { reason, status, detail } = response
      // The domain's own answer says it does not vouch for the key; anything else says nothing about it.
      const definite = reason === 'redirect' || reason === 'too-large' || (reason === 'status' && status !== undefined && status < 500)
      return definite ? { notBound: `${documentUrl} ${detail}` } : { couldNotCheck: `${documentUrl}: ${detail}` }
    }
    let fetched: Fetched
    try {
      fetched = { document: JSON.parse(response.body.toString('utf8')) as unknown }
    } catch {
      fetched = { notBound: `${documentUrl} is not JSON` }
    }
    const lifetime = cacheLifetimeMs(response.headers)
    if (lifetime > 0) this.cache.set(documentUrl, { until: this.now() + lifetime, fetched })
    return fetched
  }
}

let shared: BindingChecker | undefined

/**
 * The process's checker: one cache for every vault service in this process (the engine's), over
 * the system's trust store and `MEVAULT_RESOLVE`'s names.
 */
export function sharedBindingChecker(): BindingChecker {
  shared ??= new BindingChecker({ web: { lookup: lookupFromEnvironment() } })
  return shared
}
