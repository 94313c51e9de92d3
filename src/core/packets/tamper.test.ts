import { beforeAll, describe, expect, it } from 'vitest'
import { loadSodium } from '../crypto/sodium.js'
import { packetFixture } from './packet-fixture.js'
import { verifyPacket } from './verify-packet.js'

beforeAll(async () => {
  await loadSodium()
})

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'

describe('a packet changed by one character', () => {
  it('is refused at every position, with every kind of replacement', async () => {
    const { packet, now, requestText } = await packetFixture({ approved: ['contact.email', 'identity.full_name'] })
    const { jws } = packet
    expect((await verifyPacket(jws, { now, request: requestText })).valid).toBe(true)

    let tried = 0
    for (let i = 0; i < jws.length; i++) {
      const original = jws[i] ?? ''
      // The neighbour in the alphabet catches low-bit changes (the last character of a part
      // carries unused bits a lenient decoder would ignore); the rest cover separators and junk.
      const next = BASE64URL[(BASE64URL.indexOf(original) + 1) % BASE64URL.length] ?? 'A'
      for (const replacement of new Set([next, 'A', '.', '=', ' ', 'é'])) {
        if (replacement === original) continue
        const changed = jws.slice(0, i) + replacement + jws.slice(i + 1)
        const result = await verifyPacket(changed, { now, request: requestText })
        if (result.valid) throw new Error(`accepted a change at position ${i} (${original} → ${replacement})`)
        expect(result.reason).toBeTruthy()
        tried++
      }
    }
    expect(tried).toBeGreaterThan(jws.length * 5)
  })
})
