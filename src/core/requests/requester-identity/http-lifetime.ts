import type { IncomingHttpHeaders } from 'node:http'

/** A binding is kept at most this long, whatever the site says: a key it drops stops counting within a day. */
export const MAX_BINDING_LIFETIME_MS = 24 * 60 * 60 * 1000

/**
 * How long a response may be kept, from its Cache-Control (RFC 9111's max-age), capped. Zero for
 * no-store and no-cache, and for an answer that names no max-age: without the site's word, MeVault
 * asks again next time.
 */
export function cacheLifetimeMs(headers: IncomingHttpHeaders, capMs = MAX_BINDING_LIFETIME_MS): number {
  const value = headers['cache-control']
  if (typeof value !== 'string') return 0
  const directives = value.split(',').map((part) => part.trim().toLowerCase())
  if (directives.some((d) => d === 'no-store' || d === 'no-cache')) return 0
  const maxAge = directives.map((d) => /^max-age\s*=\s*"?(\d{1,10})"?$/.exec(d)?.[1]).find((found) => found !== undefined)
  if (maxAge === undefined) return 0
  return Math.min(Number(maxAge) * 1000, capMs)
}
