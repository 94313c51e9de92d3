/**
 * The requester kit against MeVault's own code: what the kit makes, MeVault's reader accepts; what
 * MeVault's core answers, the kit opens and verifies; and every broken answer fails naming its check.
 */
import { compactVerify, importJWK } from 'jose'
import { beforeAll, describe, expect, it } from 'vitest'
import { publicKeyFromDidKey } from '../../src/core/crypto/did-key.js'
import { signCompactJws, toBase64url } from '../../src/core/crypto/jws.js'
import { loadSodium } from '../../src/core/crypto/sodium.js'
import { testKeys } from '../../src/core/packets/test-keys.js'
import { parseRequest } from '../../src/core/requests/parse-request.js'
import { SIGNED_REQUEST_TYP } from '../../src/core/requests/request-signature.js'
import {
  didDocument,
  didWebOf,
  keyFileTexts,
  keysFromFileTexts,
  makeRequest,
  newRequesterKeys,
  openAnswer,
  requestLink,
  type RequesterKeys,
  type RequesterProfile,
  signRequest,
  verifyAnswer
} from '../../src/requester/index.js'
import { answerAsMeVault } from './person-answer.js'

const now = new Date('2026-06-01T10:00:00Z')
const DAY = 86_400_000
let keys: RequesterKeys
let nordbank: RequesterProfile

beforeAll(async () => {
  await loadSodium()
  keys = await newRequesterKeys()
  nordbank = { name: 'Nordbank Savings', url: 'https://nordbank.example.com', keys }
})

async function signedRequest(overrides: Partial<Parameters<typeof makeRequest>[0]> = {}) {
  const request = await makeRequest({
    requester: nordbank,
    claims: ['given_name', 'family_name', 'birthdate'],
    optional: ['email'],
    purpose: 'Open a savings account',
    retention: 'P30D',
    compensation: '5 EUR',
    use: { sharing: 'requester-only' },
    responseUri: 'https://nordbank.example.com/answers',
    now,
    ...overrides
  })
  return signRequest(request, keys)
}

const VALUES = { given_name: 'Ada', family_name: 'Lovelace', birthdate: '1815-12-10' }

describe('making and signing a request', () => {
  it('is accepted by MeVault’s reader as validly signed by the requester, asking by claim', async () => {
    const signed = await signedRequest()
    const parsed = await parseRequest(signed.text, { now })
    expect(parsed.signature).toEqual({ status: 'valid', signer: keys.id })
    expect(parsed.sha256).toBe(signed.sha256)
    const { request } = parsed
    expect(request.fields).toEqual([
      { claim: 'given_name', purpose: 'Open a savings account', required: true },
      { claim: 'family_name', purpose: 'Open a savings account', required: true },
      { claim: 'birthdate', purpose: 'Open a savings account', required: true },
      { claim: 'email', purpose: 'Open a savings account', required: false }
    ])
    expect(request.requester).toEqual({ name: 'Nordbank Savings', id: keys.id, url: 'https://nordbank.example.com', publicKey: toBase64url(keys.sealing.publicKey) })
    expect(request.compensation).toEqual({ amount: 5, currency: 'EUR' })
    expect(request.expiresAt).toBe('2026-06-08T10:00:00Z')
  })

  it('gives each request a fresh id and nonce', async () => {
    const [a, b] = [await signedRequest(), await signedRequest()]
    expect(a.request.id).not.toBe(b.request.id)
    expect(a.request.nonce).not.toBe(b.request.nonce)
    expect(a.request.nonce).toMatch(/^[A-Za-z0-9_-]{43}$/)
  })

  it('is verified by jose with the key of its did:key, with the documented header', async () => {
    const signed = await signedRequest()
    const key = await importJWK({ kty: 'OKP', crv: 'Ed25519', x: toBase64url(publicKeyFromDidKey(keys.id)) }, 'EdDSA')
    const { payload, protectedHeader } = await compactVerify(signed.text, key, { algorithms: ['EdDSA'] })
    expect(protectedHeader).toEqual({ alg: 'EdDSA', typ: SIGNED_REQUEST_TYP, kid: keys.id })
    expect(JSON.parse(new TextDecoder().decode(payload))).toEqual(signed.request)
  })

  it('refuses a typo in a claim name, and bad terms, with MeVault’s own messages', async () => {
    await expect(signedRequest({ claims: ['given-name'] })).rejects.toThrow('"given-name" is not a claim name')
    await expect(signedRequest({ claims: ['givenname'] })).rejects.toThrow('"givenname" is not a claim MeVault knows')
    await expect(signedRequest({ retention: '30 days' })).rejects.toThrow('retention: must be an ISO 8601 duration')
    await expect(signedRequest({ compensation: 'five euros' })).rejects.toThrow('Compensation must be an amount')
    await expect(signedRequest({ use: { sharing: 'named-third-parties' } })).rejects.toThrow('must list thirdParties')
    await expect(signedRequest({ responseUri: 'http://nordbank.example.com/answers' })).rejects.toThrow('responseUri: must be an https:// address')
  })

  it('links to the request as mevault://request?request_uri=…', () => {
    expect(requestLink('https://nordbank.example.com:8443/requests/ab.jws')).toBe(
      'mevault://request?request_uri=https%3A%2F%2Fnordbank.example.com%3A8443%2Frequests%2Fab.jws'
    )
  })
})

describe('the keys and the domain binding', () => {
  it('keeps both keys in files that read back to the same keys', async () => {
    const texts = keyFileTexts(keys)
    const back = await keysFromFileTexts(texts.signing, texts.sealing)
    expect(back.id).toBe(keys.id)
    expect(back.sealing.publicKey).toEqual(keys.sealing.publicKey)
    // A signing key file whose seed was swapped for another key's no longer matches its id.
    const otherSeed = (JSON.parse(keyFileTexts(await newRequesterKeys()).signing) as { seed: string }).seed
    const swapped = texts.signing.replace(/"seed": "[^"]+"/, `"seed": "${otherSeed}"`)
    await expect(keysFromFileTexts(swapped, texts.sealing)).rejects.toThrow('names another did:key than its key has')
    await expect(keysFromFileTexts(texts.sealing, texts.signing)).rejects.toThrow('is not a mevault.requester-signing-key/1 file')
  })

  it('publishes did:web of the url’s host (a port %3A-encoded) listing the did:key under assertionMethod', () => {
    expect(didWebOf('https://nordbank.example.com/savings')).toBe('did:web:nordbank.example.com')
    expect(didWebOf('https://nordbank.example.com:8443')).toBe('did:web:nordbank.example.com%3A8443')
    const document = didDocument('https://nordbank.example.com:8443', keys.id)
    expect(document).toEqual({
      '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'],
      id: 'did:web:nordbank.example.com%3A8443',
      verificationMethod: [
        {
          id: 'did:web:nordbank.example.com%3A8443#key-1',
          type: 'Multikey',
          controller: 'did:web:nordbank.example.com%3A8443',
          publicKeyMultibase: keys.id.slice('did:key:'.length)
        }
      ],
      assertionMethod: ['did:web:nordbank.example.com%3A8443#key-1']
    })
  })
})

describe('opening and verifying an answer made by MeVault’s core', () => {
  it('opens a sealed answer and gives the claims, with every check passed', async () => {
    const signed = await signedRequest()
    const { answer } = await answerAsMeVault(signed.text, VALUES, { now })
    expect(answer).toContain('"type": "mevault.sealed-packet/1"')
    const result = await verifyAnswer(answer, { request: signed.text, keys, now })
    expect(result.reason).toBeUndefined()
    expect(result.valid).toBe(true)
    expect(result.sealed).toBe(true)
    expect(result.claims).toEqual(VALUES)
    expect(result.missingRequired).toEqual([])
    expect(result.checks.map((check) => [check.name, check.status])).toEqual([
      ['requester', 'pass'],
      ['envelope', 'pass'],
      ['format', 'pass'],
      ['issuer', 'pass'],
      ['signature', 'pass'],
      ['time', 'pass'],
      ['request', 'pass'],
      ['request-hash', 'pass'],
      ['audience', 'pass'],
      ['nonce', 'pass'],
      ['terms', 'pass'],
      ['claims', 'pass'],
      ['answered-in-time', 'pass']
    ])
  })

  it('takes a bare packet too, and names the required claims left out', async () => {
    const signed = await signedRequest()
    const { answer } = await answerAsMeVault(signed.text, { given_name: 'Ada' }, { now, seal: false })
    expect((await openAnswer(answer)).sealed).toBe(false)
    const result = await verifyAnswer(answer, { request: signed.text, now })
    expect(result.valid).toBe(true)
    expect(result.claims).toEqual({ given_name: 'Ada' })
    expect(result.missingRequired).toEqual(['family_name', 'birthdate'])
  })

  it('refuses a tampered answer: a changed sealed byte, or a changed packet, naming the check', async () => {
    const signed = await signedRequest()
    const { answer, jws } = await answerAsMeVault(signed.text, VALUES, { now })
    const envelope = JSON.parse(answer) as { ciphertext: string }
    const flipped = envelope.ciphertext.slice(0, 60) + (envelope.ciphertext[60] === 'A' ? 'B' : 'A') + envelope.ciphertext.slice(61)
    const sealedTamper = await verifyAnswer(JSON.stringify({ ...envelope, ciphertext: flipped }), { request: signed.text, keys, now })
    expect(sealedTamper).toMatchObject({ valid: false, failedCheck: 'envelope' })
    expect(sealedTamper.reason).toBe('envelope: the sealed answer does not open: it was altered or is not meant for this requester')
    expect(sealedTamper.claims).toBeUndefined()

    const [header, payload, signature] = jws.split('.') as [string, string, string]
    const altered = JSON.parse(Buffer.from(payload, 'base64url').toString()) as { claims: Record<string, string> }
    altered.claims.birthdate = '1990-01-01'
    const forged = `${header}.${Buffer.from(JSON.stringify(altered)).toString('base64url')}.${signature}`
    const result = await verifyAnswer(forged, { request: signed.text, now })
    expect(result).toMatchObject({ valid: false, failedCheck: 'signature' })
    expect(result.reason).toMatch(/^signature: the signature does not match/)
  })

  it('refuses an answer to another request of the same requester', async () => {
    const [first, second] = [await signedRequest(), await signedRequest()]
    const { answer } = await answerAsMeVault(first.text, VALUES, { now })
    const result = await verifyAnswer(answer, { request: second.text, keys, now })
    expect(result).toMatchObject({ valid: false, failedCheck: 'request' })
    expect(result.reason).toBe('request: answers a request with another id')
  })

  it('refuses an answer sealed to another requester, and a request that is not this requester’s', async () => {
    const otherKeys = await newRequesterKeys()
    const other = await signRequest(await makeRequest({ requester: { ...nordbank, keys: otherKeys }, claims: ['email'], purpose: 'Newsletter', retention: 'P30D', now }), otherKeys)
    const { answer } = await answerAsMeVault(other.text, { email: 'ada@example.org' }, { now })
    const result = await verifyAnswer(answer, { request: other.text, keys, now })
    expect(result.failedCheck).toBe('requester')
    expect(result.checks.find((check) => check.name === 'envelope')?.detail).toBe('sealed to another key, not to this requester')
    expect(result.reason).toBe('requester: the request was not signed by this requester’s key')
  })

  it('refuses an answer whose retention is over, and one signed after the request expired', async () => {
    const signed = await signedRequest({ expiresIn: 'P1D' })
    const { answer, jws } = await answerAsMeVault(signed.text, VALUES, { now })
    const afterRetention = await verifyAnswer(answer, { request: signed.text, keys, now: new Date(now.getTime() + 31 * DAY) })
    expect(afterRetention).toMatchObject({ valid: false, failedCheck: 'time' })
    expect(afterRetention.reason).toBe('time: the retention period ended at 2026-07-01T10:00:00.000Z')

    // MeVault refuses to answer an expired request; a packet signed after expiry anyway (a client
    // with a wrong clock, or one that ignores expiry) is caught by the kit.
    const payload = JSON.parse(Buffer.from(jws.split('.')[1] ?? '', 'base64url').toString()) as { iat: number; exp: number }
    const lateIat = payload.iat + 2 * 86_400
    const late = { ...payload, iat: lateIat, exp: payload.exp + 2 * 86_400 }
    const { person } = await testKeys()
    const header = JSON.parse(Buffer.from(jws.split('.')[0] ?? '', 'base64url').toString()) as Record<string, unknown>
    const lateJws = signCompactJws(header, new TextEncoder().encode(JSON.stringify(late)), person.secretKey)
    const result = await verifyAnswer(lateJws, { request: signed.text, keys, now: new Date(lateIat * 1000 + 60_000) })
    expect(result).toMatchObject({ valid: false, failedCheck: 'answered-in-time' })
    expect(result.reason).toBe('answered-in-time: answered after the request expired at 2026-06-02T10:00:00Z')
  })
})
