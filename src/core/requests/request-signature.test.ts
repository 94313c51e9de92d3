import { CompactSign, importJWK } from 'jose'
import { beforeAll, describe, expect, it } from 'vitest'
import { didOf } from '../crypto/identity.js'
import { loadSodium, sodium } from '../crypto/sodium.js'
import { toBase64url } from '../crypto/jws.js'
import { testKeys } from '../packets/test-keys.js'
import { parseRequest } from './parse-request.js'
import { signRequest, SIGNED_REQUEST_TYP } from './request-signature.js'
import { sampleRequest } from './sample-request.js'

const now = new Date('2026-01-15T10:00:00Z')

beforeAll(async () => {
  await loadSodium()
})

describe('a signed request', () => {
  it('shows that the signature holds and who signed', async () => {
    const { requester } = await testKeys()
    const signed = await signRequest(JSON.stringify(sampleRequest()), requester)
    const parsed = await parseRequest(`${signed}\n`, { now })
    expect(parsed.signature).toEqual({ status: 'valid', signer: didOf(requester) })
    expect(parsed.request.requester.name).toBe('Example Bank')
    // The hash covers the signed file as received, not the JSON inside.
    expect(parsed.sha256).toBe(sodium().to_hex(sodium().crypto_hash_sha256(new TextEncoder().encode(`${signed}\n`))))
  })

  it('can be made with any JOSE library (here jose)', async () => {
    const { requester } = await testKeys()
    const jwk = {
      kty: 'OKP',
      crv: 'Ed25519',
      x: toBase64url(requester.publicKey),
      d: toBase64url(requester.secretKey.slice(0, 32))
    }
    const key = await importJWK(jwk, 'EdDSA')
    const signed = await new CompactSign(new TextEncoder().encode(JSON.stringify(sampleRequest())))
      .setProtectedHeader({ alg: 'EdDSA', typ: SIGNED_REQUEST_TYP, kid: didOf(requester) })
      .sign(key)
    expect((await parseRequest(signed, { now })).signature.status).toBe('valid')
  })

  it('says so when someone else signed it', async () => {
    const { person } = await testKeys()
    const parsed = await parseRequest(await signRequest(JSON.stringify(sampleRequest()), person), { now })
    expect(parsed.signature).toEqual({
      status: 'invalid',
      signer: didOf(person),
      reason: 'signed by a different key than the requester id the request names'
    })
  })

  it('says so when the signature does not match', async () => {
    const { requester } = await testKeys()
    const signed = await signRequest(JSON.stringify(sampleRequest()), requester)
    const [header, payload, signature = ''] = signed.split('.')
    const tampered = `${header}.${payload}.${signature.startsWith('A') ? 'B' : 'A'}${signature.slice(1)}`
    expect((await parseRequest(tampered, { now })).signature).toEqual({
      status: 'invalid',
      reason: 'the signature does not match the request'
    })
  })

  it('refuses a signed file whose content is not a request', async () => {
    const { requester } = await testKeys()
    await expect(parseRequest(await signRequest('not json', requester), { now })).rejects.toThrow(
      /signed request’s payload is not valid JSON/
    )
    await expect(parseRequest('abc.def', { now })).rejects.toThrow(/not a compact JWS/)
  })
})
