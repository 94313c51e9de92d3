import type { RequesterIdentityView, RequesterWarning } from '../../../shared/api.js'
import type { RequestSignature } from '../request-signature.js'
import type { BindingChecker } from './binding-check.js'
import { hasUserInfo, hostWarnings, readableHost } from './host-warnings.js'
import { keyChangeWarnings, type KnownRequester } from './known-requesters.js'
import { imitated } from './lookalike.js'
import { mixedScripts } from './mixed-script.js'

export interface AssessInput {
  requester: { name: string; id: string; url: string }
  signature: RequestSignature
  /** Requesters the person has shared with (knownRequesters(), from the ledger). */
  known: readonly KnownRequester[]
  checker: BindingChecker
}

/**
 * Who is asking: whether the requester's domain vouches for the key that signed the request, and
 * every reason to look twice. A signature proves the key; the binding proves the key belongs to
 * the domain; nothing proves the name. So only a validly signed request is checked at all.
 */
export async function assessRequester({ requester, signature, known, checker }: AssessInput): Promise<RequesterIdentityView> {
  const warnings = [...keyChangeWarnings(requester, known), ...(await nameWarnings(requester, known)), ...hostWarnings(requester.url)]
  if (signature.status !== 'valid') {
    const reason = signature.status === 'unsigned' ? 'the request is not signed' : 'the request’s signature does not hold'
    return { verified: null, check: { state: 'not-checked', reason }, warnings }
  }
  if (hasUserInfo(requester.url)) {
    return { verified: null, check: { state: 'not-checked', reason: 'the requester’s address carries a user name' }, warnings }
  }
  const found = await checker.check(requester.url, requester.id)
  if (found.state === 'verified') {
    return { verified: { domain: found.domain, method: found.method }, check: { state: 'verified' }, warnings }
  }
  return { verified: null, check: { state: found.state, reason: found.reason }, warnings }
}

export async function nameWarnings(requester: { name: string; url: string }, known: readonly KnownRequester[]): Promise<RequesterWarning[]> {
  const warnings: RequesterWarning[] = []
  const like = await imitated(requester.name, new Set(known.map((k) => k.name)))
  if (like !== undefined) {
    warnings.push({
      kind: 'lookalike-name',
      message: `The name “${requester.name}” looks like “${like}”, whom you shared with before, but is not the same name`
    })
  }
  const scripts = mixedScripts(requester.name)
  if (scripts) {
    warnings.push({
      kind: 'mixed-script',
      message: `The name “${requester.name}” mixes ${scripts.join(' and ')} letters: some may stand in for look-alikes`
    })
  }
  const host = new URL(requester.url).hostname
  const likeHost = await imitated(readableHost(host), new Set(known.map((k) => readableHost(k.host)).filter((h) => h !== '')))
  if (likeHost !== undefined && !known.some((k) => k.host === host)) {
    warnings.push({
      kind: 'lookalike-domain',
      message: `The address ${readableHost(host)} looks like ${likeHost}, where you shared before, but is another domain`
    })
  }
  return warnings
}
