import { domainToUnicode } from 'node:url'
import type { RequesterWarning } from '../../../shared/api.js'

/**
 * What a requester's web address hides: an international host (its punycode and the Unicode form
 * it shows as, which may imitate another name), and user-info before an "@", which makes
 * `https://www.paypal.com@evil.example/` lead to evil.example.
 */
export function hostWarnings(requesterUrl: string): RequesterWarning[] {
  const url = new URL(requesterUrl)
  const warnings: RequesterWarning[] = []
  if (url.username || url.password) {
    const userInfo = safeDecode(url.username) + (url.password ? ':…' : '')
    warnings.push({
      kind: 'url-user-info',
      message: `The requester’s address leads to ${url.host}, not ${JSON.stringify(userInfo)}: the part before "@" is only a user name`
    })
  }
  if (isInternationalHost(url.hostname)) {
    warnings.push({
      kind: 'idn-host',
      message: `The requester’s address is an international name: ${url.hostname}, which shows as ${domainToUnicode(url.hostname)}`
    })
  }
  return warnings
}

export function hasUserInfo(requesterUrl: string): boolean {
  const url = new URL(requesterUrl)
  return Boolean(url.username || url.password)
}

/** A label in punycode ("xn--…"): the URL standard turns every international name into it. */
export function isInternationalHost(hostname: string): boolean {
  return hostname.split('.').some((label) => label.startsWith('xn--'))
}

/** The host as a person reads it: international labels in Unicode. */
export function readableHost(hostname: string): string {
  return isInternationalHost(hostname) ? domainToUnicode(hostname) || hostname : hostname
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}
