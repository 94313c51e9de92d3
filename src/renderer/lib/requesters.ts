import { DID_KEY_PATTERN, type LedgerEntry, type RequesterRule } from '../../shared/api.js'

export interface KnownRequester {
  id: string
  name: string
}

/** Everyone you answered, from the ledger (newest name wins), sorted by name: whom a rule can be for. */
export function knownRequesters(entries: readonly LedgerEntry[]): KnownRequester[] {
  const byId = new Map<string, KnownRequester>()
  // The ledger lists newest first: the first name seen is the latest one.
  for (const { requester } of entries) if (!byId.has(requester.id)) byId.set(requester.id, { id: requester.id, name: requester.name })
  return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name))
}

/** "did:key:z6MkiaMb…id1F1WCT": enough to tell keys apart at a glance; the full key is in the title. */
export function shortDid(did: string): string {
  const prefix = 'did:key:'
  const key = did.startsWith(prefix) ? did.slice(prefix.length) : did
  return key.length <= 20 ? did : `${prefix}${key.slice(0, 8)}…${key.slice(-6)}`
}

/** Why a typed-in requester id will not do, or null when it looks like a did:key. */
export function didKeyProblem(text: string): string | null {
  if (text.trim() === '') return 'Paste the requester’s did:key (it is on their request, under their name).'
  if (!DID_KEY_PATTERN.test(text.trim())) return 'That is not a did:key: it starts with "did:key:z6Mk" followed by 44 letters and digits.'
  return null
}

export const REQUESTER_RULE_TEXT: Record<RequesterRule, string> = {
  allow: 'Always allow',
  ask: 'Always ask',
  block: 'Block'
}
