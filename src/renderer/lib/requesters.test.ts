import { describe, expect, it } from 'vitest'
import type { LedgerEntry } from '../../shared/api.js'
import { didKeyProblem, knownRequesters, shortDid } from './requesters.js'

const GARDEN = 'did:key:z6MkngWYDKKJ9RLDwc1JGjqV4Yxrhf6GvaPrAMDyJHrKDCkD'
const BANK = 'did:key:z6MkiaMbhXHNA4eJVCCj8dbzKzTgYDKf6crKgHVHid1F1WCT'
const entry = (id: string, name: string) => ({ requester: { id, name, url: 'https://example.org' } }) as LedgerEntry

describe('requesters for the rules in Settings', () => {
  it('lists each requester once by their latest name, sorted by name', () => {
    // Newest first, as the ledger lists them.
    const known = knownRequesters([entry(GARDEN, 'Weekly Garden'), entry(BANK, 'Nordbank'), entry(GARDEN, 'The Weekly Garden (old)')])
    expect(known).toEqual([
      { id: BANK, name: 'Nordbank' },
      { id: GARDEN, name: 'Weekly Garden' }
    ])
  })

  it('shortens a did:key but keeps its start and end, and explains a pasted value that is not one', () => {
    expect(shortDid(GARDEN)).toBe('did:key:z6MkngWY…rKDCkD')
    expect(didKeyProblem(GARDEN)).toBe(null)
    expect(didKeyProblem('  ')).toContain('Paste the requester’s did:key')
    expect(didKeyProblem('Nordbank')).toContain('That is not a did:key')
  })
})
