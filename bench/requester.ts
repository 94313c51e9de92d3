/**
 * The requester kit (src/requester), in process after warm-up: make + sign a 20-claim request, and
 * open + verify a sealed answer to it (targets: 5 ms each). Each is timed alternately with a
 * baseline of the core work inside it (signing alone; verifyPacket alone, no unsealing), so a busy
 * machine shows up in both columns.
 */
import { pathToFileURL } from 'node:url'
import { performance } from 'node:perf_hooks'
import { buildPacket } from '../src/core/packets/build-packet.js'
import { fieldView } from '../src/core/packets/packet-fixture.js'
import { sealPacket } from '../src/core/packets/seal.js'
import { testKeys } from '../src/core/packets/test-keys.js'
import { verifyPacket } from '../src/core/packets/verify-packet.js'
import { parseRequest } from '../src/core/requests/parse-request.js'
import { signRequest as signRequestJson } from '../src/core/requests/request-signature.js'
import { makeOpenId4VpRequest, makeRequest, newRequesterKeys, signRequest, verifyAnswer, verifyOpenId4VpResponse } from '../src/requester/index.js'
import { directPostBody } from '../src/core/requests/openid4vp/direct-post.js'
import { presentSdJwtVc } from '../src/core/requests/openid4vp/sd-jwt-vc.js'
import { compactVerify, importJWK, SignJWT, type JWK } from 'jose'
import { createPrivateKey } from 'node:crypto'
import { CLAIMS } from '../src/shared/claims.js'
import { type Figure, median } from './stats.js'

const CLAIM_COUNT = 20
const WARMUP = 20
const RUNS = 200

/** Times a and b alternately, `RUNS` each, after warm-up: [median a, median b]. */
async function alternating(a: () => Promise<unknown>, b: () => Promise<unknown>): Promise<[number, number]> {
  for (let i = 0; i < WARMUP; i++) {
    await a()
    await b()
  }
  const times: [number[], number[]] = [[], []]
  for (let i = 0; i < RUNS; i++) {
    for (const [index, run] of [a, b].entries()) {
      const start = performance.now()
      await run()
      times[index]!.push(performance.now() - start)
    }
  }
  return [median(times[0]), median(times[1])]
}

export async function benchRequester(): Promise<Figure[]> {
  const keys = await newRequesterKeys()
  const requester = { name: 'Nordbank Savings', url: 'https://nordbank.example.com', keys }
  const claims = CLAIMS.slice(0, CLAIM_COUNT).map((claim) => claim.name)
  const options = { requester, claims, purpose: 'Open a savings account', retention: 'P30D', compensation: '5 EUR', responseUri: 'https://nordbank.example.com/answers' }
  const makeAndSign = async () => signRequest(await makeRequest(options), keys)
  const signed = await makeAndSign()
  const signOnly = () => signRequestJson(JSON.stringify(signed.request, null, 2), keys.signing)

  const now = new Date()
  const values = Object.fromEntries(claims.map((claim, i) => [claim, `value ${i}: ${'x'.repeat(30)}`]))
  // The person's answer, as MeVault's core makes it (each value in a field answering its claim).
  const parsed = await parseRequest(signed.text, { now })
  const fields = Object.entries(values).map(([claim, value]) => ({ ...fieldView(claim, value), claim }))
  const approval = { request: { id: parsed.request.id, sha256: parsed.sha256 }, keys: claims }
  const { jws } = await buildPacket({ request: parsed, fields, approval, identity: (await testKeys()).person, now })
  const answer = await sealPacket(jws, parsed.request)
  const check = await verifyAnswer(answer, { request: signed.text, keys, now })
  if (!check.valid) throw new Error(`benchmark answer does not verify: ${check.reason}`)

  const [make, signBaseline] = await alternating(makeAndSign, signOnly)
  const [verify, verifyBaseline] = await alternating(
    () => verifyAnswer(answer, { request: signed.text, keys, now }),
    () => verifyPacket(jws, { request: parsed, now })
  )
  const note = `${CLAIM_COUNT} claims; median of ${RUNS}, alternated with its baseline`
  return [...base(note, make, signBaseline, verify, verifyBaseline), ...(await benchOpenId4Vp(requester))]
}

function base(note: string, make: number, signBaseline: number, verify: number, verifyBaseline: number): Figure[] {
  return [
    { name: 'requester kit: make + sign a request (20 claims)', value: make, unit: 'ms', target: 5, note },
    { name: '  baseline: sign the same request JSON only', value: signBaseline, unit: 'ms', note },
    { name: 'requester kit: open + verify a sealed answer (20 claims)', value: verify, unit: 'ms', target: 5, note: `${note}; parses the request bytes too` },
    { name: '  baseline: verifyPacket with the parsed request, not sealed', value: verifyBaseline, unit: 'ms', note }
  ]
}

const OPENID4VP_CLAIMS = 10

/**
 * The kit's OpenID4VP side: make + sign a request with a 10-claim DCQL query (fresh nonce and
 * state, dcql validation, EdDSA request object), and verify a direct_post answer holding MeVault's
 * SD-JWT VC with those 10 claims (every check, and the dcql library's verdict). Baselines: jose
 * signing the same parameters alone; jose verifying the credential's two signatures alone.
 */
async function benchOpenId4Vp(requester: Parameters<typeof makeOpenId4VpRequest>[0]['requester']): Promise<Figure[]> {
  const claims = CLAIMS.slice(0, OPENID4VP_CLAIMS).map((claim) => claim.name)
  const options = { requester, claims, responseUri: 'https://nordbank.example.com/openid4vp/response' }
  const made = await makeOpenId4VpRequest(options)
  const seed = Buffer.from(requester.keys.signing.secretKey.subarray(0, 32)).toString('base64url')
  const key = createPrivateKey({ key: { kty: 'OKP', crv: 'Ed25519', d: seed, x: Buffer.from(requester.keys.signing.publicKey).toString('base64url') }, format: 'jwk' })
  const signOnly = () => new SignJWT(made.parameters).setProtectedHeader({ alg: 'EdDSA', typ: 'oauth-authz-req+jwt' }).sign(key)

  const person = (await testKeys()).person
  const values = new Map(claims.map((claim, i) => [claim, `value ${i}: ${'x'.repeat(30)}`] as const))
  const presentation = presentSdJwtVc({ claims: values, approved: claims, nonce: made.pending.nonce, audience: made.pending.clientId, person })
  const body = await directPostBody({ responseMode: 'direct_post', state: made.pending.state }, { person: [presentation] })
  const check = await verifyOpenId4VpResponse(body, made.pending)
  if (!check.valid) throw new Error(`benchmark OpenID4VP answer does not verify: ${check.reason}`)
  const issuerJwt = presentation.split('~')[0] as string
  const kbJwt = presentation.slice(presentation.lastIndexOf('~') + 1)
  const holder = await importJWK({ kty: 'OKP', crv: 'Ed25519', x: Buffer.from(person.publicKey).toString('base64url') } as JWK, 'EdDSA')
  const signaturesOnly = async () => {
    await compactVerify(issuerJwt, holder)
    await compactVerify(kbJwt, holder)
  }

  const [make, makeBaseline] = await alternating(() => makeOpenId4VpRequest(options), signOnly)
  const [verify, verifyBaseline] = await alternating(() => verifyOpenId4VpResponse(body, made.pending), signaturesOnly)
  const note = `${OPENID4VP_CLAIMS} claims; median of ${RUNS}, alternated with its baseline`
  return [
    { name: 'requester kit: make + sign an OpenID4VP request (10-claim DCQL)', value: make, unit: 'ms', target: 5, note },
    { name: '  baseline: jose signs the same parameters only', value: makeBaseline, unit: 'ms', note },
    { name: 'requester kit: verify an SD-JWT VC answer (direct_post, 10 claims)', value: verify, unit: 'ms', target: 5, note: `${note}; every check and the dcql verdict` },
    { name: '  baseline: jose verifies its two signatures only', value: verifyBaseline, unit: 'ms', note }
  ]
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const row of await benchRequester()) console.log(`${row.name}: ${row.value.toFixed(3)} ms${row.target ? ` (target ${row.target} ms)` : ''} — ${row.note}`)
}
