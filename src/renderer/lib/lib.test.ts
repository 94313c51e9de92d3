import { describe, expect, it } from 'vitest'
import { MeVaultError } from '../../shared/errors.js'
import { describeDeviceError, formatCountdown, qrPath } from './device-views.js'
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

describe('what the Devices screen says', () => {
  it('counts down to the expiry of an invitation', () => {
    expect(formatCountdown(600_000)).toBe('10:00')
    expect(formatCountdown(65_400)).toBe('1:06')
    expect(formatCountdown(-5)).toBe('0:00')
  })

  it('draws each dark module of a QR code once, inside a 4-module margin', () => {
    const qr = { size: 2, modules: [[true, false], [false, true]] }
    expect(qrPath(qr)).toBe('M4 4h1v1h-1zM5 5h1v1h-1z')
  })

  it('states a device error in its own words, not as a wrong passphrase', () => {
    const refused = new MeVaultError('WRONG_CREDENTIALS', 'The device at 10.0.0.2:4000 refused this device: revoked')
    expect(describeDeviceError(refused)).toBe('The device at 10.0.0.2:4000 refused this device: revoked')
    expect(describeDeviceError(new MeVaultError('LOCKED', 'The vault is locked'))).toBe('The vault is locked. Unlock it to go on.')
  })
})
