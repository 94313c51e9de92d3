import type { FieldView, Tier } from '../../shared/types.js'
import { approve, decide } from '../requests/decision.js'
import { parseRequest, type ParsedRequest } from '../requests/parse-request.js'
import { DEFAULT_POLICY } from '../requests/policy.js'
import type { DataRequest } from '../requests/request-schema.js'
import { sampleRequest } from '../requests/sample-request.js'
import { buildPacket, type BuiltPacket } from './build-packet.js'
import { type TestKeys, testKeys } from './test-keys.js'

/** A vault field as plain data, the way the vault core hands them over. */
export function fieldView(path: string, value: string, tier: Tier = 'restricted'): FieldView {
  const [record = '', field = ''] = path.split('.')
  return { path, record, field, type: 'text', tier, value, updatedAt: '2026-01-01T00:00:00.000Z', device: 'laptop' }
}

export interface PacketFixture {
  keys: TestKeys
  requestText: string
  parsed: ParsedRequest
  fields: FieldView[]
  packet: BuiltPacket
  now: Date
}

/**
 * Test keys, a request, a vault holding its fields and one more, and a packet approving
 * `approved` (every held requested field when omitted).
 */
export async function packetFixture(
  options: { request?: DataRequest; fields?: FieldView[]; approved?: string[]; now?: Date } = {}
): Promise<PacketFixture> {
  const keys = await testKeys()
  const now = options.now ?? new Date('2026-01-15T10:00:00Z')
  const requestText = `${JSON.stringify(options.request ?? sampleRequest(), null, 2)}\n`
  const parsed = await parseRequest(requestText, { now })
  const fields = options.fields ?? [
    fieldView('identity.full_name', 'Ada Lovelace', 'restricted'),
    fieldView('identity.date_of_birth', '1815-12-10', 'private'),
    fieldView('contact.email', 'ada@example.org', 'public'),
    fieldView('health.blood_type', 'O+', 'private')
  ]
  const decision = decide(parsed, fields, DEFAULT_POLICY)
  const approved = options.approved ?? decision.lines.filter((line) => line.held).map((line) => line.path)
  const packet = await buildPacket({ request: parsed, fields, approval: approve(decision, approved), identity: keys.person, now })
  return { keys, requestText, parsed, fields, packet, now }
}
