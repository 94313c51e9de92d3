import type { RequesterWarning } from '../../../shared/api.js'

/**
 * Requesters the person has shared with, from the ledger's receipts: the ledger already records,
 * signed and synced, every answer with the requester's name, key and address, so a second record
 * could only disagree with it. A refusal does not make a requester known: refusing an impostor
 * must not make it the reference that the real requester is then compared with (the ledger side,
 * src/core/ledger/answered-requesters.ts, leaves refusals out).
 */
export interface KnownRequester {
  name: string
  id: string
  /** Lowercase host of its url, without port. */
  host: string
}

/** Requesters the person shared with (ledger/answered-requesters.ts), as the checks compare them. */
export function knownRequesters(sharedWith: ReadonlyArray<{ name: string; id: string; url: string }>): KnownRequester[] {
  const known = new Map<string, KnownRequester>()
  for (const requester of sharedWith) {
    const entry = { name: requester.name.normalize('NFC'), id: requester.id, host: hostOf(requester.url) }
    known.set(`${entry.id}\n${entry.host}\n${entry.name}`, entry)
  }
  return [...known.values()]
}

/** Loud warnings for a known name or domain that arrives with a key the person never saw for it. */
export function keyChangeWarnings(requester: { name: string; id: string; url: string }, known: readonly KnownRequester[]): RequesterWarning[] {
  const warnings: RequesterWarning[] = []
  const name = requester.name.normalize('NFC')
  const sameName = known.filter((k) => k.name === name)
  if (sameName.length > 0 && !sameName.some((k) => k.id === requester.id)) {
    warnings.push({
      kind: 'known-name-new-key',
      message: `You shared with “${name}” before, under another key: this request comes with a key you have never answered for that name`
    })
  }
  const host = hostOf(requester.url)
  const sameHost = host ? known.filter((k) => k.host === host) : []
  if (sameHost.length > 0 && !sameHost.some((k) => k.id === requester.id)) {
    warnings.push({
      kind: 'known-domain-new-key',
      message: `You shared with ${host} before, under another key: this request comes with a key you have never answered for that domain`
    })
  }
  return warnings
}

export function hostOf(url: string): string {
  try {
    return new URL(url).hostname
  } catch {
    return ''
  }
}
