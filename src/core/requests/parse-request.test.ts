import { beforeAll, describe, expect, it } from 'vitest'
import { isMeVaultError } from '../../shared/errors.js'
import { loadSodium, sodium } from '../crypto/sodium.js'
import { parseRequest } from './parse-request.js'
import { MAX_REQUEST_BYTES } from './request-schema.js'
import { didOf } from '../crypto/identity.js'
import { toBase64url } from '../crypto/jws.js'
import { testKeys } from '../packets/test-keys.js'
import { signRequest, SIGNED_REQUEST_TYP } from './request-signature.js'
import { sampleRequest } from './sample-request.js'

const now = new Date('2026-01-15T10:00:00Z')
const json = (value: unknown): string => JSON.stringify(value, null, 2)

/** Parses and returns the BAD_INPUT message, failing the test on anything else. */
async function refusal(input: string | Uint8Array): Promise<string> {
  try {
    await parseRequest(input, { now })
  } catch (error) {
    expect(isMeVaultError(error, 'BAD_INPUT')).toBe(true)
    return (error as Error).message
  }
  throw new Error('the request was accepted')
}

beforeAll(async () => {
  await loadSodium()
})

describe('parseRequest', () => {
  it('accepts a valid request and hashes the bytes exactly as received', async () => {
    const text = json(sampleRequest()) + '\n'
    const parsed = await parseRequest(text, { now })
    expect(parsed.request.requester.name).toBe('Example Bank')
    expect(parsed.request.fields.map((field) => field.path)).toEqual([
      'identity.full_name',
      'identity.date_of_birth',
      'contact.email'
    ])
    expect(parsed.sha256).toBe(sodium().to_hex(sodium().crypto_hash_sha256(new TextEncoder().encode(text))))
    expect(parsed.signature).toEqual({ status: 'unsigned' })
    // One more space is another request as far as the hash goes.
    expect((await parseRequest(text + ' ', { now })).sha256).not.toBe(parsed.sha256)
  })

  it('names the problem in malformed, oversized and empty input', async () => {
    expect(await refusal('{"type": "mevault.request/1", ')).toMatch(/not valid JSON/)
    expect(await refusal('[1, 2]')).toMatch(/not a compact JWS|not a JSON object/)
    expect(await refusal('')).toMatch(/empty/)
    expect(await refusal(Uint8Array.of(0x7b, 0xff, 0x7d))).toMatch(/not UTF-8/)
    const huge = json({ ...sampleRequest(), purpose: 'x'.repeat(MAX_REQUEST_BYTES) })
    expect(await refusal(huge)).toMatch(/limit is 262144 bytes/)
  })

  it('refuses other versions and missing type', async () => {
    expect(await refusal(json({ ...sampleRequest(), type: 'mevault.request/2' }))).toMatch(
      /Unsupported request type "mevault.request\/2"/
    )
    const { type: _type, ...untyped } = sampleRequest()
    expect(await refusal(json(untyped))).toMatch(/no "type"/)
  })

  it('refuses an expired request, unless asked to re-check an old one', async () => {
    const text = json(sampleRequest({ expiresAt: '2026-01-15T09:59:59Z' }))
    expect(await refusal(text)).toMatch(/expired at 2026-01-15T09:59:59Z/)
    await expect(parseRequest(text, { now, allowExpired: true })).resolves.toBeTruthy()
  })

  it('refuses a self-contradictory request that asks for a field twice', async () => {
    const request = sampleRequest()
    request.fields.push({ path: 'contact.email', purpose: 'again', required: true })
    expect(await refusal(json(request))).toMatch(/fields\[3\]\.path: asks for contact\.email twice/)
  })

  it('refuses a member given twice, at any depth, plain or signed: the person must see what was signed', async () => {
    const text = json(sampleRequest())
    // JSON.parse would keep the last purpose and show only it; another reader could act on the first.
    const twoPurposes = text.replace('"purpose": "Open', '"purpose": "Fraud prevention only",\n  "purpose": "Open')
    expect(JSON.parse(twoPurposes).purpose).toMatch(/^Open/)
    expect(await refusal(twoPurposes)).toMatch(/^The request gives the member "purpose" twice; refused/)
    const twoNames = text.replace('"name": "Example Bank"', '"name": "Your Bank", "name": "Example Bank"')
    expect(await refusal(twoNames)).toMatch(/gives the member "name" twice \(in requester\)/)
    const twoRequired = text.replace('"required": false', '"required": true, "required": false')
    expect(await refusal(twoRequired)).toMatch(/"required" twice \(in fields\[2\]\)/)
    const escaped = text.replace('"purpose": "Open', '"purpose": "Fraud prevention only",\n  "\\u0070urpose": "Open')
    expect(await refusal(escaped)).toMatch(/"purpose" twice/)

    const { requester } = await testKeys()
    expect(await refusal(await signRequest(twoPurposes, requester))).toMatch(/^The signed request’s payload gives the member "purpose" twice/)
    const header = toBase64url(new TextEncoder().encode(`{"alg":"EdDSA","typ":"${SIGNED_REQUEST_TYP}","kid":"${didOf(requester)}","typ":"x"}`))
    const [, payload, signature] = (await signRequest(text, requester)).split('.')
    expect(await refusal(`${header}.${payload}.${signature}`)).toMatch(/^The signed request header gives the member "typ" twice/)
  })

  it('names each bad member', async () => {
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ requester: { ...sampleRequest().requester, id: 'did:web:bank.example.com' } }, /requester\.id: must be an Ed25519 did:key/],
      [{ requester: { ...sampleRequest().requester, id: 'did:key:z6Mk' + '1'.repeat(44) } }, /requester\.id: is not a valid Ed25519 did:key/],
      [{ requester: { ...sampleRequest().requester, url: 'http://bank.example.com' } }, /requester\.url/],
      [{ requester: { ...sampleRequest().requester, publicKey: 'short' } }, /requester\.publicKey: must be a 32-byte X25519/],
      [{ retention: '5 years' }, /retention: must be an ISO 8601 duration/],
      [{ retention: 'P0D' }, /retention: A duration must be longer than zero/],
      [{ retention: 'P200Y' }, /retention: A duration may not exceed 100 years/],
      [{ expiresAt: 'tomorrow' }, /expiresAt: must be an ISO 8601 date-time/],
      [{ nonce: 'abc' }, /nonce: must be 16–128 base64url/],
      [{ fields: [] }, /fields: must ask for at least one field/],
      [{ fields: [{ path: 'email', purpose: 'x', required: true }] }, /fields\[0\]\.path: must be RECORD\.FIELD/],
      [{ compensation: { amount: -1, currency: 'EUR' } }, /compensation\.amount: must not be negative/],
      [{ compensation: { amount: 1, currency: 'euro' } }, /compensation\.currency: must be an ISO 4217/],
      [{ purpose: 'Hello \u001b[2J' }, /purpose: must not hold control/],
      [{ purpose: '   ' }, /purpose: must not be empty/],
      [{ extra: true }, /unknown member "extra"/],
      [{ id: undefined }, /id: is missing/],
      [{ fields: 'all of them' }, /fields: must be an array/]
    ]
    for (const [change, message] of cases) {
      expect(await refusal(json({ ...sampleRequest(), ...change }))).toMatch(message)
    }
  })

  it('lists several problems at once, and counts the rest', async () => {
    const message = await refusal(json({ type: 'mevault.request/1' }))
    expect(message).toMatch(/^The request is not valid: id: is missing; requester: is missing; nonce: is missing; purpose: is missing \(and 3 more\)$/)
  })
})
