import { describe, expect, it } from 'vitest'
import type { ReceiptPayload } from './receipt.js'
import { decodeShardView, encodeShardView } from './shard-view.js'

const ISSUER = 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK'

function payload(i: number): ReceiptPayload {
  const requester = { name: `Company ${i % 3}`, id: `did:key:z6Mkrequester${i % 3}`, url: `https://company${i % 3}.example.com` }
  const p: ReceiptPayload = {
    id: `rc-2026-01-${String(i).padStart(16, '0')}`,
    iss: ISSUER,
    iat: 1_767_225_600 + i,
    outcome: i % 4 === 0 ? 'refused' : 'partly-shared',
    request: { id: `req-${i}`, sha256: 'ab'.repeat(32), nonce: `nonce-${i}-abcdefgh` },
    requester,
    purpose: i % 2 ? 'Open an account' : 'Send the monthly statement',
    terms: i % 5 ? { retention: 'P1Y' } : { retention: 'P30D', compensation: { amount: 5, currency: 'EUR' } },
    disclosed: i % 4 === 0 ? [] : ['contact.email', 'identity.full_name'],
    refused: i % 4 === 0 ? ['contact.email', 'identity.full_name'] : [],
    missing: i % 7 === 0 ? ['finance.iban'] : [],
    packet: { sha256: 'cd'.repeat(32), sealed: i % 3 === 0 },
    at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
    device: { id: 'device-1', name: 'laptop' }
  }
  if (i % 6 === 5) p.repeatOf = `rc-2026-01-${String(i - 1).padStart(16, '0')}`
  // Answers to requests that asked by claim and declared a use.
  if (i % 8 === 1) {
    p.claims = { email: 'contact.email', name: 'identity.full_name' }
    p.terms = { ...p.terms, use: { sharing: 'named-third-parties', thirdParties: ['MailDrop'] } }
  }
  return p
}

describe('a month of receipts in its compact view', () => {
  it('gives back every payload as it was, and is far smaller than the payloads', () => {
    const payloads = Array.from({ length: 120 }, (_, i) => payload(i))
    const view = encodeShardView(payloads)
    // Through JSON, as the sealed view stores it.
    const back = decodeShardView(JSON.parse(JSON.stringify(view)))
    expect(back).toEqual(payloads)
    expect(JSON.stringify(view).length).toBeLessThan(JSON.stringify(payloads).length / 2)
  })

  it('shares one frozen copy of what receipts have in common, so no reader can change another receipt', () => {
    const [a, b] = decodeShardView(encodeShardView([payload(3), payload(6)]))
    expect(a!.requester).toBe(b!.requester)
    expect(() => (a!.requester.name = 'Someone else')).toThrow()
    expect(b!.requester.name).toBe('Company 0')
  })

  it('reads a row written before receipts named claims (no index for them) as a receipt without claims', () => {
    const view = encodeShardView([payload(1)])
    const oldRow = view.rows[0]!.slice(0, -1) as (typeof view.rows)[number]
    const [back] = decodeShardView({ ...view, rows: [oldRow] })
    expect(back).not.toHaveProperty('claims')
    expect(back!.disclosed).toEqual(['contact.email', 'identity.full_name'])
  })

  it('reads an empty month', () => {
    expect(decodeShardView(encodeShardView([]))).toEqual([])
  })
})
