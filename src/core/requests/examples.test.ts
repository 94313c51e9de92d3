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
