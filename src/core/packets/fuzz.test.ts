import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import { isMeVaultError } from '../../shared/errors.js'
import { loadSodium } from '../crypto/sodium.js'
import { parseRequest } from '../requests/parse-request.js'
import { signRequest } from '../requests/request-signature.js'
import { sampleRequest } from '../requests/sample-request.js'
import { decodeCompactJws, signCompactJws } from '../crypto/jws.js'
import { type PacketFixture, packetFixture } from './packet-fixture.js'
import { assertValidPacket, verifyPacket } from './verify-packet.js'

/**
 * Thousands of damaged requests and packets: each is accepted or refused with a MeVaultError,
 * and the verifier always answers with a result. Nothing crashes.
 */

const now = new Date('2026-01-15T10:00:00Z')
let fixture: PacketFixture
let validRequest: string

beforeAll(async () => {
  await loadSodium()
  fixture = await packetFixture()
  validRequest = fixture.requestText
})

/** A character that tends to break parsers: JSON syntax, base64url edges, controls, astral, lone surrogates. */
const nastyChar = fc.oneof(
  fc.constantFrom('{', '}', '[', ']', '"', '\\', ',', ':', '.', '-', '_', '=', '+', '/', ' ', '\n', '\u0000', 'é', '\u202e', '\ud800', '𝄞'),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })
)
type Edit = { at: number; kind: 'replace' | 'insert' | 'delete'; char: string }
const edits = fc.array(
  fc.record({ at: fc.nat(), kind: fc.constantFrom('replace' as const, 'insert' as const, 'delete' as const), char: nastyChar }),
  { minLength: 1, maxLength: 6 }
)

function applyEdits(text: string, list: Edit[]): string {
  let out = text
  for (const { at, kind, char } of list) {
    const i = out.length === 0 ? 0 : at % out.length
    out = out.slice(0, i) + (kind === 'delete' ? '' : char) + out.slice(kind === 'insert' ? i : i + 1)
  }
  return out
}

/** Replaces one member, at any depth, of a JSON value with an arbitrary JSON value. */
function replaceMember(value: unknown, route: number[], replacement: unknown): unknown {
  if (route.length === 0 || value === null || typeof value !== 'object') return replacement
  const [step = 0, ...rest] = route
  const keys = Object.keys(value)
  if (keys.length === 0) return replacement
  const key = keys[step % keys.length] ?? ''
  const copy: Record<string, unknown> = Array.isArray(value) ? [...value] as unknown as Record<string, unknown> : { ...value }
  copy[key] = replaceMember((value as Record<string, unknown>)[key], rest, replacement)
  return copy
}
const routes = fc.array(fc.nat(), { minLength: 1, maxLength: 4 })

async function acceptedOrMeVaultError(run: () => Promise<unknown>): Promise<void> {
  try {
    await run()
  } catch (error) {
    if (!isMeVaultError(error)) throw error
    expect(error.message.length).toBeGreaterThan(0)
  }
}

describe('the request parser under fuzzing', () => {
  it('refuses or accepts edited request text, never crashing', async () => {
    await fc.assert(
      fc.asyncProperty(edits, async (list) => {
        await acceptedOrMeVaultError(() => parseRequest(applyEdits(validRequest, list), { now }))
      }),
      { numRuns: 1500 }
    )
  })

  it('refuses or accepts requests with any member replaced by any JSON', async () => {
    await fc.assert(
      fc.asyncProperty(routes, fc.jsonValue(), async (route, replacement) => {
        const text = JSON.stringify(replaceMember(sampleRequest(), route, replacement))
        await acceptedOrMeVaultError(() => parseRequest(text, { now }))
      }),
      { numRuns: 1500 }
    )
  })

  it('refuses arbitrary bytes and signed garbage', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 600 }), async (bytes) => {
        await acceptedOrMeVaultError(() => parseRequest(bytes, { now }))
      }),
      { numRuns: 500 }
    )
    await fc.assert(
      fc.asyncProperty(routes, fc.jsonValue(), async (route, replacement) => {
        const json = JSON.stringify(replaceMember(sampleRequest(), route, replacement)) ?? 'null'
        const signed = await signRequest(json, fixture.keys.requester)
        await acceptedOrMeVaultError(async () => {
          const parsed = await parseRequest(signed, { now })
          expect(parsed.signature.status).toBe('valid')
        })
      }),
      { numRuns: 500 }
    )
  })
})

describe('the packet verifier under fuzzing', () => {
  it('answers every edited packet with a refusal, never a crash', async () => {
    await fc.assert(
      fc.asyncProperty(edits, fc.boolean(), async (list, withRequest) => {
        const changed = applyEdits(fixture.packet.jws, list)
        const options = withRequest ? { now, request: fixture.requestText } : { now }
        const result = await verifyPacket(changed, options)
        // Trailing whitespace is the one harmless edit; anything else must fail.
        if (changed.trim() !== fixture.packet.jws) {
          expect(result.valid).toBe(false)
          expect(result.reason).toBeTruthy()
          await expect(assertValidPacket(changed, options)).rejects.toSatisfy(isMeVaultError)
        }
      }),
      { numRuns: 1500 }
    )
  })

  it('answers well-signed packets with any member replaced, never a crash', async () => {
    const { header, payload } = decodeCompactJws(fixture.packet.jws, 'p')
    const original = JSON.parse(new TextDecoder().decode(payload)) as unknown
    await fc.assert(
      fc.asyncProperty(routes, fc.jsonValue(), fc.boolean(), async (route, replacement, inHeader) => {
        const newHeader = inHeader ? (replaceMember(header, route, replacement) as Record<string, unknown>) : header
        const newPayload = inHeader ? original : replaceMember(original, route, replacement)
        const jws = signCompactJws(
          newHeader !== null && typeof newHeader === 'object' && !Array.isArray(newHeader) ? newHeader : { alg: newHeader },
          new TextEncoder().encode(JSON.stringify(newPayload) ?? ''),
          fixture.keys.person.secretKey
        )
        const result = await verifyPacket(jws, { now, request: fixture.requestText })
        expect(typeof result.valid).toBe('boolean')
        expect(result.checks.length).toBeGreaterThanOrEqual(4)
        await acceptedOrMeVaultError(() => assertValidPacket(jws, { now, request: fixture.requestText }))
      }),
      { numRuns: 1500 }
    )
  })

  it('answers non-strings and random text without throwing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string({ unit: 'binary', maxLength: 300 }), fc.anything()), async (input) => {
        const result = await verifyPacket(input as string, { now })
        expect(result.valid).toBe(false)
      }),
      { numRuns: 500 }
    )
  })
})
