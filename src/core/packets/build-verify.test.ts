import { beforeAll, describe, expect, it } from 'vitest'
import { isMeVaultError } from '../../shared/errors.js'
import { didOf } from '../crypto/identity.js'
import { loadSodium } from '../crypto/sodium.js'
import { approve, decide } from '../requests/decision.js'
import { parseRequest } from '../requests/parse-request.js'
import { DEFAULT_POLICY } from '../requests/policy.js'
import { sampleRequest } from '../requests/sample-request.js'
import { buildPacket } from './build-packet.js'
import { decodeCompactJws, signCompactJws } from '../crypto/jws.js'
import { fieldView, packetFixture } from './packet-fixture.js'
import { PACKET_TYP } from './packet-schema.js'
import { assertValidPacket, verifyPacket } from './verify-packet.js'

beforeAll(async () => {
  await loadSodium()
})

const failed = (result: Awaited<ReturnType<typeof verifyPacket>>) =>
  result.checks.filter((check) => check.status === 'fail').map((check) => check.name)

describe('a packet', () => {
  it('holds exactly the approved fields, with the terms of the request', async () => {
    const { packet, keys, parsed } = await packetFixture({ approved: ['contact.email', 'identity.full_name'] })
    expect(packet.payload.claims).toEqual({ 'identity.full_name': 'Ada Lovelace', 'contact.email': 'ada@example.org' })
    expect(JSON.stringify(decodeCompactJws(packet.jws, 'p').header)).toBe(
      JSON.stringify({ alg: 'EdDSA', typ: PACKET_TYP, kid: didOf(keys.person) })
    )
    const payload = JSON.parse(new TextDecoder().decode(decodeCompactJws(packet.jws, 'p').payload))
    expect(Object.keys(payload.claims)).toEqual(['identity.full_name', 'contact.email'])
    expect(JSON.stringify(payload)).not.toMatch(/1815|O\+|blood/)
    expect(payload).toMatchObject({
      iss: didOf(keys.person),
      aud: parsed.request.requester.id,
      nonce: parsed.request.nonce,
      request: { id: parsed.request.id, sha256: parsed.sha256 },
      iat: Date.parse('2026-01-15T10:00:00Z') / 1000,
      exp: Date.parse('2031-01-15T10:00:00Z') / 1000, // iat + P5Y
      purpose: parsed.request.purpose,
      terms: { retention: 'P5Y', compensation: { amount: 25, currency: 'EUR' } }
    })
  })

  it('verifies with and without the request, every check named', async () => {
    const { packet, requestText, parsed, now, keys } = await packetFixture()
    const alone = await verifyPacket(packet.jws, { now })
    expect(alone.valid).toBe(true)
    expect(alone.signer).toBe(didOf(keys.person))
    expect(alone.checks.map((check) => `${check.name}:${check.status}`)).toEqual([
      'format:pass',
      'issuer:pass',
      'signature:pass',
      'time:pass'
    ])
    for (const request of [requestText, new TextEncoder().encode(requestText), parsed]) {
      const withRequest = await verifyPacket(`${packet.jws}\n`, { now, request })
      expect(withRequest.valid).toBe(true)
      expect(withRequest.checks).toHaveLength(10)
    }
    await expect(assertValidPacket(packet.jws, { now, request: requestText })).resolves.toEqual(packet.payload)
  })

  it('is refused once the retention period is over, or when dated in the future', async () => {
    const { packet } = await packetFixture()
    const late = await verifyPacket(packet.jws, { now: new Date('2031-01-15T10:00:00Z') })
    expect(late.valid).toBe(false)
    expect(late.reason).toBe('time: the retention period ended at 2031-01-15T10:00:00.000Z')
    const early = await verifyPacket(packet.jws, { now: new Date('2026-01-15T09:00:00Z') })
    expect(early.reason).toMatch(/^time: issued in the future/)
    await expect(assertValidPacket(packet.jws, { now: new Date('2032-01-01T00:00:00Z') })).rejects.toMatchObject({
      code: 'INTEGRITY',
      message: expect.stringMatching(/^Packet refused: time:/)
    })
  })

  it('is refused against another request: hash, id, nonce, audience and terms', async () => {
    const { packet, now } = await packetFixture()
    const other = sampleRequest({ nonce: 'AAAAAAAAAAAAAAAAAAAAAA', id: 'req-2026-0002', retention: 'P1Y' })
    const result = await verifyPacket(packet.jws, { now, request: JSON.stringify(other) })
    expect(failed(result)).toEqual(['request', 'request-hash', 'nonce', 'terms'])

    const sameButSpaced = await verifyPacket(packet.jws, { now, request: `${JSON.stringify(sampleRequest())} ` })
    expect(failed(sameButSpaced)).toEqual(['request-hash'])

    const otherRequester = sampleRequest({
      requester: { ...sampleRequest().requester, id: 'did:key:z6MktwupdmLXVVqTzCw4i46r4uGyosGXRnR3XjN4Zq7oMMsw' }
    })
    expect(failed(await verifyPacket(packet.jws, { now, request: JSON.stringify(otherRequester) }))).toContain('audience')
    const unreadable = await verifyPacket(packet.jws, { now, request: 'not a request' })
    expect(unreadable.reason).toMatch(/^request: the request could not be read/)
  })

  it('is refused when signed by a key other than the one it names', async () => {
    const { packet, keys, now } = await packetFixture()
    const decoded = decodeCompactJws(packet.jws, 'p')
    // Same header (kid = the person) and payload, signed by the requester's key instead.
    const forged = signCompactJws(decoded.header, decoded.payload, keys.requester.secretKey)
    const result = await verifyPacket(forged, { now })
    expect(failed(result)).toEqual(['signature'])
    expect(result.signer).toBeUndefined()
    // Honest about the signer but lying about the issuer.
    const header = { ...decoded.header, kid: didOf(keys.requester) }
    const mismatched = await verifyPacket(signCompactJws(header, decoded.payload, keys.requester.secretKey), { now })
    expect(failed(mismatched)).toEqual(['issuer'])
  })

  it('flags claims the request never asked for, even in a well-signed packet', async () => {
    const { packet, keys, now, requestText } = await packetFixture()
    const payload = { ...packet.payload, claims: { ...packet.payload.claims, 'health.blood_type': 'O+' } }
    const jws = signCompactJws(decodeCompactJws(packet.jws, 'p').header, new TextEncoder().encode(JSON.stringify(payload)), keys.person.secretKey)
    const result = await verifyPacket(jws, { now, request: requestText })
    expect(failed(result)).toEqual(['claims'])
    expect(result.reason).toBe('claims: claims hold fields the request did not ask for: health.blood_type')
  })

  it('cannot be built beyond the approval, for another request, or after expiry', async () => {
    const { parsed, fields, keys, now } = await packetFixture()
    const decision = decide(parsed, fields, DEFAULT_POLICY)
    const approval = approve(decision, ['contact.email'])
    const smuggled = { ...approval, keys: [...approval.keys, 'health.blood_type'] }
    await expect(buildPacket({ request: parsed, fields, approval: smuggled, identity: keys.person, now })).rejects.toThrow(
      /Cannot share "health.blood_type": the request did not ask for it/
    )
    const withoutEmail = fields.filter((field) => field.path !== 'contact.email')
    await expect(buildPacket({ request: parsed, fields: withoutEmail, approval, identity: keys.person, now })).rejects.toThrow(
      /Cannot share contact.email: it is not in your vault/
    )
    const other = await parseRequest(JSON.stringify(sampleRequest({ nonce: 'BBBBBBBBBBBBBBBBBBBBBB' })), { now })
    await expect(buildPacket({ request: other, fields, approval, identity: keys.person, now })).rejects.toThrow(
      /different request/
    )
    const error = await buildPacket({ request: parsed, fields, approval, identity: keys.person, now: new Date('2030-01-01T00:00:00Z') }).catch((e: unknown) => e)
    expect(isMeVaultError(error, 'BAD_INPUT')).toBe(true)
    expect((error as Error).message).toMatch(/expired/)
  })

  it('can carry a signed refusal: no claims at all', async () => {
    const { packet, now, requestText } = await packetFixture({ approved: [] })
    expect(packet.payload.claims).toEqual({})
    expect((await verifyPacket(packet.jws, { now, request: requestText })).valid).toBe(true)
  })

  it('keeps a value exactly, whatever characters it holds', async () => {
    const value = 'Zoë "Ω" \\ 𝄞 \n line two'
    const { packet, now } = await packetFixture({ fields: [fieldView('contact.email', value, 'public')], approved: ['contact.email'] })
    const payload = await assertValidPacket(packet.jws, { now })
    expect(payload.claims['contact.email']).toBe(value)
  })
})
