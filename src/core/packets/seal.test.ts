import { beforeAll, describe, expect, it } from 'vitest'
import { isMeVaultError } from '../../shared/errors.js'
import { didOf } from '../crypto/identity.js'
import { loadSodium, sodium } from '../crypto/sodium.js'
import { parseRequest } from '../requests/parse-request.js'
import { sampleRequest } from '../requests/sample-request.js'
import { toBase64url } from '../crypto/jws.js'
import { packetFixture } from './packet-fixture.js'
import { openSealedPacket, sealPacket } from './seal.js'
import { testKeys } from './test-keys.js'
import { verifyPacket } from './verify-packet.js'

beforeAll(async () => {
  await loadSodium()
})

async function sealedFixture() {
  const keys = await testKeys()
  const request = sampleRequest({ requester: { ...sampleRequest().requester, publicKey: toBase64url(keys.requesterBox.publicKey) } })
  const fixture = await packetFixture({ request })
  return { ...fixture, envelope: await sealPacket(fixture.packet.jws, fixture.parsed.request) }
}

describe('a sealed packet', () => {
  it('opens only with the requester’s X25519 key, and the packet inside verifies', async () => {
    const { envelope, keys, packet, now, requestText } = await sealedFixture()
    // Whole values, never a fragment as short as "Ada": random ciphertext can spell three letters.
    for (const plain of ['Ada Lovelace', 'ada@example.org', packet.jws.split('.')[1]!]) expect(envelope).not.toContain(plain)
    expect(JSON.parse(envelope)).toMatchObject({ type: 'mevault.sealed-packet/1', to: didOf(keys.requester) })
    const opened = await openSealedPacket(envelope, keys.requesterBox)
    expect(opened).toBe(packet.jws)
    expect((await verifyPacket(opened, { now, request: requestText })).valid).toBe(true)
  })

  it('opens with plain libsodium, as a requester without MeVault would', async () => {
    const { envelope, keys, packet } = await sealedFixture()
    const s = sodium()
    const { ciphertext } = JSON.parse(envelope) as { ciphertext: string }
    const bytes = s.from_base64(ciphertext, s.base64_variants.URLSAFE_NO_PADDING)
    const opened = s.crypto_box_seal_open(bytes, keys.requesterBox.publicKey, keys.requesterBox.privateKey)
    expect(s.to_string(opened)).toBe(packet.jws)
  })

  it('refuses another key, an altered ciphertext, and a request without a key', async () => {
    const { envelope, keys, parsed } = await sealedFixture()
    const stranger = sodium().crypto_box_keypair()
    await expect(openSealedPacket(envelope, stranger)).rejects.toThrow(/sealed to another X25519 key/)

    const parts = JSON.parse(envelope) as { ciphertext: string }
    const c = parts.ciphertext
    const altered = JSON.stringify({ ...parts, ciphertext: c.slice(0, 10) + (c[10] === 'A' ? 'B' : 'A') + c.slice(11) })
    const error = await openSealedPacket(altered, keys.requesterBox).catch((e: unknown) => e)
    expect(isMeVaultError(error, 'INTEGRITY')).toBe(true)

    await expect(openSealedPacket('{"type":"x"}', keys.requesterBox)).rejects.toThrow(/Not a mevault.sealed-packet\/1/)
    const unkeyed = await parseRequest(JSON.stringify(sampleRequest()), { now: new Date('2026-01-15T10:00:00Z') })
    await expect(sealPacket('a.b.c', unkeyed.request)).rejects.toThrow(/no publicKey/)
    expect(parsed.request.requester.publicKey).toBeDefined()
  })
})
