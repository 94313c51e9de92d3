import type { DataRequest } from './request-schema.js'

/**
 * A valid request used by tests, the benchmark and the format documents. The requester id is the
 * did:key of RFC 8032 test key 2 (see src/core/packets/test-keys.ts); it expires in 2030.
 */
export function sampleRequest(overrides: Partial<DataRequest> = {}): DataRequest {
  return {
    type: 'mevault.request/1',
    id: 'req-2026-0001',
    requester: {
      name: 'Example Bank',
      id: 'did:key:z6MkiaMbhXHNA4eJVCCj8dbzKzTgYDKf6crKgHVHid1F1WCT',
      url: 'https://bank.example.com'
    },
    nonce: 'q2sVWyG1i7jd1z8kYH3xPA',
    purpose: 'Open a savings account (know-your-customer check)',
    fields: [
      { path: 'identity.full_name', purpose: 'Name on the account', required: true },
      { path: 'identity.date_of_birth', purpose: 'Legal age check', required: true },
      { path: 'contact.email', purpose: 'Account notices', required: false }
    ],
    retention: 'P5Y',
    compensation: { amount: 25, currency: 'EUR' },
    expiresAt: '2030-01-01T00:00:00Z',
    ...overrides
  }
}
