import { describe, expect, it } from 'vitest'
import { describeDuration } from './durations.js'
import { holdersByField } from './ledger-views.js'
import { joinMoney, splitMoney } from './money.js'
import type { LedgerEntry } from '../../shared/api.js'

describe('what the screens say', () => {
  it('states retention plainly', () => {
    expect(describeDuration('P1Y')).toBe('1 year')
    expect(describeDuration('P1Y6M')).toBe('1 year and 6 months')
    expect(describeDuration('P2W')).toBe('2 weeks')
    expect(describeDuration('PT36H')).toBe('36 hours')
    expect(describeDuration('P1Y2M3D')).toBe('1 year, 2 months and 3 days')
    expect(describeDuration('forever')).toBe('forever')
  })

  it('edits money as an amount and a currency, stored as "12.50 EUR"', () => {
    expect(splitMoney('12.50 EUR')).toEqual({ amount: '12.50', currency: 'EUR' })
    expect(splitMoney('')).toEqual({ amount: '', currency: 'EUR' })
    expect(joinMoney(' 3 ', 'chf')).toBe('3 CHF')
  })

  it('turns answers into "who has this field", leaving out refusals', () => {
    const entry = (id: string, name: string, disclosed: string[], withdrawnAt?: string): LedgerEntry => ({
      id,
      outcome: disclosed.length ? 'partly-shared' : 'refused',
      request: { id: `r-${id}`, sha256: '0'.repeat(64) },
      requester: { name, id: 'did:key:z6Mk', url: 'https://x.example' },
      purpose: 'p',
      terms: { retention: 'P1Y' },
      disclosed,
      refused: [],
      at: '2026-01-01T00:00:00Z',
      packetSha256: '1'.repeat(64),
      ...(withdrawnAt ? { withdrawnAt } : {})
    })
    const groups = holdersByField([
      entry('a', 'Garden', ['contact.email']),
      entry('b', 'Bank', ['contact.email', 'identity.name']),
      entry('c', 'Spam', [])
    ])
    expect(groups.map((g) => [g.path, g.holders.map((h) => h.requester.name)])).toEqual([
      ['contact.email', ['Garden', 'Bank']],
      ['identity.name', ['Bank']]
    ])
  })
})
