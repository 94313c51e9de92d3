import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { loadSodium } from '../crypto/sodium.js'
import { decodeCompactJws } from '../crypto/jws.js'
import { parseRequest } from './parse-request.js'

const DIR = 'resources/requests'
const now = new Date('2026-01-15T10:00:00Z')

beforeAll(async () => {
  await loadSodium()
})

describe('the example requests in resources/requests', () => {
  it('all parse, and each asks for fields with a purpose', async () => {
    const files = readdirSync(DIR).filter((name) => name.endsWith('.json') || name.endsWith('.jws'))
    expect(files.length).toBeGreaterThanOrEqual(3)
    for (const name of files) {
      const parsed = await parseRequest(readFileSync(join(DIR, name)), { now })
      expect(parsed.request.fields.length, name).toBeGreaterThan(0)
    }
  })

  it('include a signed bank KYC request whose signature holds, wrapping the plain file exactly', async () => {
    const signedText = readFileSync(join(DIR, 'bank-kyc.signed.jws'), 'utf8')
    const signed = await parseRequest(signedText, { now })
    expect(signed.signature).toEqual({ status: 'valid', signer: signed.request.requester.id })
    expect(signed.request.requester.publicKey).toBeDefined()
    const plain = readFileSync(join(DIR, 'bank-kyc.json'))
    expect(Buffer.from(decodeCompactJws(signedText.trim(), 'r').payload).equals(plain)).toBe(true)
    expect((await parseRequest(plain, { now })).signature.status).toBe('unsigned')
  })
})

describe('the bundled bank request', () => {
  it('asks by claim and declares that only the bank keeps the data', async () => {
    const { request } = await parseRequest(readFileSync(join(DIR, 'bank-kyc.json')), { now })
    expect(request.fields.map((field) => field.claim)).toEqual([
      'given_name',
      'family_name',
      'birthdate',
      'nationalities',
      'address.street_address',
      'address.postal_code',
      'address.locality',
      'email',
      'phone_number'
    ])
    expect(request.fields.every((field) => field.path === undefined)).toBe(true)
    expect(request.use).toEqual({ sharing: 'requester-only' })
  })

  it('every example says what happens to the data beyond its purpose', async () => {
    for (const name of readdirSync(DIR).filter((file) => file.endsWith('.json'))) {
      expect((await parseRequest(readFileSync(join(DIR, name)), { now })).request.use, name).toBeDefined()
    }
  })
})
