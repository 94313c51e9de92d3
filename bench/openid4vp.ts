/**
 * OpenID4VP (issue 13 figures, targets 5 ms each), in process after warm-up: read a request signed
 * by a did:key verifier (request object by value) and evaluate its 10-claim DCQL query; build the
 * SD-JWT VC answer with its KB-JWT and the direct_post body. Each is timed alternately with a
 * baseline of the same machine's work: reading the same request unsigned, and one Ed25519 JWS.
 */
import { generateKeyPairSync } from 'node:crypto'
import { pathToFileURL } from 'node:url'
import { SignJWT } from 'jose'
import { fieldView } from '../src/core/packets/packet-fixture.js'
import { didKeyFromPublicKey } from '../src/core/crypto/did-key.js'
import { newSigningKeyPair } from '../src/core/crypto/identity.js'
import { signCompactJws } from '../src/core/crypto/jws.js'
import { loadSodium } from '../src/core/crypto/sodium.js'
import { answerAuthorizationRequest } from '../src/core/requests/openid4vp/answer.js'
import { readAuthorizationRequest } from '../src/core/requests/openid4vp/authorization-request.js'
import { evaluateDcql, MEVAULT_VCT } from '../src/core/requests/openid4vp/dcql-evaluation.js'
import { CLAIMS } from '../src/shared/claims.js'
import { type Figure, median } from './stats.js'
import { performance } from 'node:perf_hooks'

const CLAIM_COUNT = 10
const WARMUP = 20
const RUNS = 200

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

export async function benchOpenId4Vp(): Promise<Figure[]> {
  await loadSodium()
  const claims = CLAIMS.slice(0, CLAIM_COUNT)
  const fields = claims.map((claim, i) => ({ ...fieldView(claim.path, `value ${i}: ${'x'.repeat(30)}`), claim: claim.name }))
  const query = {
    credentials: [{ id: 'person', format: 'dc+sd-jwt', meta: { vct_values: [MEVAULT_VCT] }, claims: claims.map((claim) => ({ path: claim.name.split('.') })) }]
  }
  const responseUri = 'https://shop.example.com/openid4vp/response'
  const base = { response_type: 'vp_token', response_mode: 'direct_post', response_uri: responseUri, nonce: 'bench-nonce-1', state: 's', dcql_query: query }
  const { privateKey, publicKey } = generateKeyPairSync('ed25519')
  const did = didKeyFromPublicKey(Buffer.from(publicKey.export({ format: 'jwk' }).x as string, 'base64url'))
  const clientId = `decentralized_identifier:${did}`
  const requestObject = await new SignJWT({ ...base, client_id: clientId })
    .setProtectedHeader({ alg: 'EdDSA', typ: 'oauth-authz-req+jwt', kid: `${did}#${did.slice(8)}` })
    .sign(privateKey)
  const signedText = JSON.stringify({ client_id: clientId, request: requestObject })
  const unsignedText = JSON.stringify({ ...base, client_id: `redirect_uri:${responseUri}` })

  const readAndEvaluate = async (text: string) => {
    const request = await readAuthorizationRequest(text)
    return { request, evaluation: evaluateDcql(request.dcqlQuery, fields) }
  }
  const { request, evaluation } = await readAndEvaluate(signedText)
  if (!evaluation.canBeSatisfied) throw new Error('benchmark query cannot be satisfied')
  const person = newSigningKeyPair()
  const approve = claims.map((claim) => claim.name)
  const [read, readBaseline] = await alternating(() => readAndEvaluate(signedText), () => readAndEvaluate(unsignedText))
  const payload = new TextEncoder().encode(JSON.stringify({ probe: 'x'.repeat(400) }))
  const [answer, answerBaseline] = await alternating(
    () => answerAuthorizationRequest({ request, evaluation, fields, approve, person }),
    async () => signCompactJws({ alg: 'EdDSA' }, payload, person.secretKey)
  )
  const note = `${CLAIM_COUNT} claims; median of ${RUNS}, alternated with its baseline`
  return [
    { name: 'openid4vp: read a signed request + evaluate its DCQL (10 claims)', value: read, unit: 'ms', target: 5, note },
    { name: '  baseline: the same request unsigned (redirect_uri:)', value: readBaseline, unit: 'ms', note },
    { name: 'openid4vp: build the SD-JWT VC + KB-JWT + form body (10 claims)', value: answer, unit: 'ms', target: 5, note },
    { name: '  baseline: one Ed25519 JWS', value: answerBaseline, unit: 'ms', note }
  ]
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const row of await benchOpenId4Vp()) console.log(`${row.name}: ${row.value.toFixed(3)} ms${row.target ? ` (target ${row.target} ms)` : ''} — ${row.note}`)
}
