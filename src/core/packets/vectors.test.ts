import { readFileSync } from 'node:fs'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Tier } from '../../shared/types.js'
import { didOf, signingKeyPairFromSecret } from '../crypto/identity.js'
import { loadSodium, sodium } from '../crypto/sodium.js'
import { approve, decide } from '../requests/decision.js'
import { parseRequest } from '../requests/parse-request.js'
import { DEFAULT_POLICY } from '../requests/policy.js'
import { buildPacket } from './build-packet.js'
import { fieldView } from './packet-fixture.js'
import { verifyPacket } from './verify-packet.js'

/** The published test vector (docs/formats/vectors/packet-v1.json, quoted in docs/formats/packet.md). */
interface PacketVector {
  person: { seedHex: string; publicKeyHex: string; did: string }
  now: string
  request: string
  requestSha256: string
  vaultFields: Array<{ path: string; tier: Tier; value: string }>
  approved: string[]
  packet: string
  packetSha256: string
  payload: unknown
}
const vector = JSON.parse(readFileSync('docs/formats/vectors/packet-v1.json', 'utf8')) as PacketVector

beforeAll(async () => {
  await loadSodium()
})

describe('the mevault.packet/1 test vector', () => {
  it('is reproduced byte for byte from its inputs (Ed25519 is deterministic)', async () => {
    const s = sodium()
    const person = signingKeyPairFromSecret(s.crypto_sign_seed_keypair(s.from_hex(vector.person.seedHex)).privateKey)
    expect(s.to_hex(person.publicKey)).toBe(vector.person.publicKeyHex)
    expect(didOf(person)).toBe(vector.person.did)
    const now = new Date(vector.now)
    const parsed = await parseRequest(vector.request, { now })
    expect(parsed.sha256).toBe(vector.requestSha256)
    const fields = vector.vaultFields.map((field) => fieldView(field.path, field.value, field.tier))
    const approval = approve(decide(parsed, fields, DEFAULT_POLICY), vector.approved)
    const built = await buildPacket({ request: parsed, fields, approval, identity: person, now })
    expect(built.jws).toBe(vector.packet)
    expect(built.sha256).toBe(vector.packetSha256)
    expect(built.payload).toEqual(vector.payload)
  })

  it('verifies with the request it answers, and the documents quote it exactly', async () => {
    const result = await verifyPacket(vector.packet, { now: new Date(vector.now), request: vector.request })
    expect(result.valid).toBe(true)
    const doc = readFileSync('docs/formats/packet.md', 'utf8')
    expect(doc).toContain(vector.packet)
    expect(doc).toContain(vector.person.did)
    expect(doc).toContain(vector.requestSha256)
  })
})
