import { pathToFileURL } from 'node:url'
import { buildPacket } from '../src/core/packets/build-packet.js'
import { fieldView } from '../src/core/packets/packet-fixture.js'
import { testKeys } from '../src/core/packets/test-keys.js'
import { verifyPacket } from '../src/core/packets/verify-packet.js'
import { approve, decide } from '../src/core/requests/decision.js'
import { parseRequest } from '../src/core/requests/parse-request.js'
import { DEFAULT_POLICY } from '../src/core/requests/policy.js'
import { sampleRequest } from '../src/core/requests/sample-request.js'

/** One measured figure. (Shared shape for `npm run bench`; defined here until bench/run.ts exists.) */
export interface BenchRow {
  name: string
  medianMs: number
  target?: number
  note?: string
}

const FIELDS = 50
const WARMUP = 20
const RUNS = 300

async function median(run: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < WARMUP; i++) await run()
  const times: number[] = []
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now()
    await run()
    times.push(performance.now() - start)
  }
  times.sort((a, b) => a - b)
  return times[Math.floor(times.length / 2)] ?? Number.NaN
}

/** Build+sign and verify a packet answering a 50-field request, all 50 approved (targets: 5 ms each). */
export async function benchPackets(): Promise<BenchRow[]> {
  const { person } = await testKeys()
  const now = new Date('2026-01-15T10:00:00Z')
  const paths = Array.from({ length: FIELDS }, (_, i) => `record${Math.floor(i / 10)}.field_${i}`)
  const request = sampleRequest({ fields: paths.map((path) => ({ path, purpose: `Needed for step ${path}`, required: true })) })
  const requestText = JSON.stringify(request, null, 2)
  const parsed = await parseRequest(requestText, { now })
  const fields = paths.map((path, i) => fieldView(path, `value ${i}: ${'x'.repeat(40)}`, 'restricted'))
  const approval = approve(decide(parsed, fields, DEFAULT_POLICY), paths)

  const build = () => buildPacket({ request: parsed, fields, approval, identity: person, now })
  const { jws } = await build()
  const check = await verifyPacket(jws, { now, request: parsed })
  if (!check.valid) throw new Error(`benchmark packet does not verify: ${check.reason}`)

  const note = `${FIELDS} claims, ${jws.length} characters; median of ${RUNS} runs`
  return [
    { name: 'packet: build + sign (50 fields)', medianMs: await median(build), target: 5, note },
    {
      name: 'packet: verify with request (50 fields)',
      medianMs: await median(() => verifyPacket(jws, { now, request: parsed })),
      target: 5,
      note
    },
    {
      name: 'packet: verify with request bytes (parses the request too)',
      medianMs: await median(() => verifyPacket(jws, { now, request: requestText })),
      target: 5,
      note
    }
  ]
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const row of await benchPackets()) {
    console.log(`${row.name}: ${row.medianMs.toFixed(3)} ms (target ${row.target} ms) — ${row.note}`)
  }
}
