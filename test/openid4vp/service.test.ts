import https from 'node:https'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { validateOpenid4vpAuthorizationResponsePayload } from '@openid4vc/openid4vp'
import { DcqlPresentationResult, DcqlQuery } from 'dcql'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { verifyWithdrawalNotice } from '../../src/core/ledger/index.js'
import { lookupFromEnvironment } from '../../src/core/net/web-request.js'
import { createVaultService } from '../../src/core/service/index.js'
import { checkPresentation, didKeyVerifier, makeAuthorizationRequest, personQuery } from '../helpers/openid4vp-verifier.js'
import { makeTestCa, type TestCa } from '../helpers/test-ca.js'
import { tempDir } from '../helpers/temp-dir.js'

/**
 * OpenID4VP through the one front door (requests.fetch / preview / answer, the ledger): a verifier
 * made with @openid4vc/openid4vp asks over real HTTPS (a CA the test made), MeVault shows the same
 * consent preview as for its own requests, posts the SD-JWT VC to the response_uri, and records it.
 */
const HOST = 'verifier.example.com'
let ca: TestCa
let site: https.Server
let port: number
const arrived: Array<{ path: string; type: string; body: string }> = []
const served: Record<string, string> = {}
let fetches = 0

beforeAll(async () => {
  ca = makeTestCa([HOST])
  site = https.createServer({ key: ca.key, cert: ca.cert }, (req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      if (req.method === 'GET' && served[req.url ?? '']) {
        fetches += 1
        return void res.writeHead(200, { 'content-type': 'application/oauth-authz-req+jwt' }).end(served[req.url ?? ''])
      }
      if (req.method === 'GET' && req.url === '/moved.jwt') return void res.writeHead(302, { location: `https://${HOST}:${port}/request.jwt` }).end()
      arrived.push({ path: req.url ?? '', type: req.headers['content-type'] ?? '', body: Buffer.concat(chunks).toString('utf8') })
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ redirect_uri: `https://${HOST}:${port}/done?session=1` }))
    })
  })
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve))
  port = (site.address() as AddressInfo).port
})

afterAll(() => {
  site.close()
  ca.remove()
})

beforeEach(() => {
  arrived.length = 0
  fetches = 0
})

async function vaultApi() {
  const root = tempDir('mevault-openid4vp')
  const api = createVaultService(
    { vaultDir: join(root, 'vault'), keyFileFor: (id) => join(root, 'keys', `${id}.json`) },
    { web: { ca: ca.caPem, lookup: lookupFromEnvironment(`${HOST}=127.0.0.1`) } }
  )
  await api['vault.create']({ passphrase: 'correct horse battery' })
  await api['fields.set']({ path: 'identity.first_name', value: 'Ada', tier: 'public', claim: 'given_name' })
  await api['fields.set']({ path: 'identity.birthdate', value: '1990-12-10', tier: 'private', claim: 'birthdate' })
  await api['fields.set']({ path: 'home.city', value: 'Berlin', tier: 'restricted', claim: 'address.locality' })
  return api
}

const responseUri = () => `https://${HOST}:${port}/openid4vp/response`

function payloadFor(query: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return {
    response_type: 'vp_token',
    response_mode: 'direct_post',
    client_id: `redirect_uri:${responseUri()}`,
    response_uri: responseUri(),
    nonce: `nonce-${Math.random().toString(36).slice(2)}`,
    state: 'state-42',
    dcql_query: query,
    ...extra
  }
}

describe('OpenID4VP requests through the typed API', () => {
  it('previews like a MeVault request, posts the approved claims as an SD-JWT VC, and the ledger records it', async () => {
    const api = await vaultApi()
    const query = personQuery([['given_name'], ['birthdate'], ['address', 'locality']])
    const payload = payloadFor(query)
    const { link } = await makeAuthorizationRequest(payload)

    const preview = await api['requests.preview']({ text: link })
    expect(preview.protocol).toBe('openid4vp')
    expect(preview.requester).toMatchObject({ id: `redirect_uri:${responseUri()}`, verified: null, check: { state: 'not-checked' } })
    expect(preview.signature).toEqual({ status: 'unsigned' })
    expect(preview.credential?.note).toMatch(/not that what it says is true/)
    expect(preview.sendsTo?.answer?.shownAs).toBe(`${HOST}:${port}`)
    expect(preview.lines.map((line) => [line.requestedKey, line.field, line.tier, line.defaultChoice])).toEqual([
      ['given_name', 'identity.first_name', 'public', false],
      ['birthdate', 'identity.birthdate', 'private', false],
      ['address.locality', 'home.city', 'restricted', false]
    ])

    const answer = await api['requests.answer']({ text: link, approve: ['given_name', 'home.city'] })
    expect(answer.outcome).toBe('partly-shared')
    expect(answer.delivery).toMatchObject({ outcome: 'delivered', status: 200, continueAt: `https://${HOST}:${port}/done?session=1` })
    expect(arrived).toHaveLength(1)
    expect(arrived[0]).toMatchObject({ path: '/openid4vp/response', type: 'application/x-www-form-urlencoded' })
    expect(arrived[0]!.body).toBe(answer.packet)

    // The verifier's side, with code MeVault did not write.
    const form = Object.fromEntries(new URLSearchParams(arrived[0]!.body))
    expect(form.state).toBe('state-42')
    const vpToken = JSON.parse(form.vp_token!) as Record<string, string[]>
    validateOpenid4vpAuthorizationResponsePayload({
      authorizationRequestPayload: payload as Parameters<typeof validateOpenid4vpAuthorizationResponsePayload>[0]['authorizationRequestPayload'],
      authorizationResponsePayload: { vp_token: vpToken, state: 'state-42' }
    })
    const checked = await checkPresentation(vpToken.person![0]!, { nonce: payload.nonce, aud: payload.client_id, now: Math.floor(Date.now() / 1000) })
    expect(checked.claims).toEqual({ given_name: 'Ada', address: { locality: 'Berlin' } })
    expect(checked.issuer).toBe(preview.credential?.issuer)
    expect(checked.issuer).toMatch(/^did:key:z6Mk/)
    const parsedQuery = DcqlQuery.parse(query as DcqlQuery.Input)
    const presentationResult = DcqlPresentationResult.fromDcqlPresentation(
      { person: [{ credential_format: 'dc+sd-jwt', vct: 'urn:mevault:person:1', claims: checked.claims as never, cryptographic_holder_binding: true }] },
      { dcqlQuery: parsedQuery }
    )
    // birthdate was declined, so the query is not fully met: the verifier's library sees it.
    expect(presentationResult.can_be_satisfied).toBe(false)

    const [entry] = await api['ledger.list']()
    expect(entry).toMatchObject({ protocol: 'openid4vp', outcome: 'partly-shared', disclosed: ['identity.first_name', 'home.city'], refused: ['birthdate'] })
    expect(entry!.terms.retention).toBeUndefined()
    expect(entry!.delivery?.answer).toMatchObject({ to: responseUri(), tries: 1, last: { outcome: 'delivered' } })
    expect((await api['ledger.whoHas']({ path: 'home.city' })).map((holder) => holder.requester.id)).toEqual([`redirect_uri:${responseUri()}`])
    expect((await api['ledger.answer']({ receiptId: entry!.id })).packet).toBe(answer.packet)
    expect((await api['ledger.deliver']({ receiptId: entry!.id, kind: 'answer' })).outcome).toBe('delivered')
    expect(arrived).toHaveLength(2)
    expect(arrived[1]!.type).toBe('application/x-www-form-urlencoded')

    // The same request again needs an explicit yes; the preview says it was answered.
    expect((await api['requests.preview']({ text: link })).answeredBefore?.receiptId).toBe(entry!.id)
    await expect(api['requests.answer']({ text: link, approve: ['given_name'] })).rejects.toMatchObject({ code: 'EXISTS' })

    // Consent withdrawn: a signed notice addressed to the verifier's client_id, for the person to send (no address).
    const withdrawn = await api['ledger.withdraw']({ receiptId: entry!.id })
    expect(withdrawn.delivery).toBeUndefined()
    const notice = await verifyWithdrawalNotice(withdrawn.notice)
    expect(notice).toMatchObject({ aud: `redirect_uri:${responseUri()}`, claims: ['given_name', 'address.locality'] })
    expect((await api['ledger.whoHas']({ path: 'home.city' }))[0]?.withdrawnAt).toBeDefined()
  })

  it('a refusal posts access_denied with the state, and nothing of the person', async () => {
    const api = await vaultApi()
    const { link } = await makeAuthorizationRequest(payloadFor(personQuery([['given_name']])))
    const answer = await api['requests.answer']({ text: link, approve: [] })
    expect(answer.outcome).toBe('refused')
    expect(Object.fromEntries(new URLSearchParams(arrived[0]!.body))).toEqual({
      error: 'access_denied',
      error_description: 'The person declined to share this.',
      state: 'state-42'
    })
    expect((await api['ledger.list']())[0]).toMatchObject({ outcome: 'refused', disclosed: [] })
  })

  it('a by-reference request is fetched once (requests.fetch), then previewed and answered from what was fetched', async () => {
    const api = await vaultApi()
    const verifier = didKeyVerifier()
    const requestUri = `https://${HOST}:${port}/request.jwt`
    const payload = payloadFor(personQuery([['given_name']]), { client_id: `decentralized_identifier:${verifier.did}` })
    const made = await makeAuthorizationRequest(payload, { signer: verifier.signer, requestUri })
    served['/request.jwt'] = made.requestObject!

    const { text, from } = await api['requests.fetch']({ link: made.link })
    expect(from).toBe(requestUri)
    const preview = await api['requests.preview']({ text })
    expect(preview.signature).toEqual({ status: 'valid', signer: verifier.did })
    expect(preview.requester.check).toMatchObject({ state: 'not-bound' })
    await api['requests.answer']({ text, approve: ['given_name'] })
    expect(fetches).toBe(1)
    const form = Object.fromEntries(new URLSearchParams(arrived[0]!.body))
    const checked = await checkPresentation((JSON.parse(form.vp_token!) as Record<string, string[]>).person![0]!, {
      nonce: payload.nonce,
      aud: payload.client_id,
      now: Math.floor(Date.now() / 1000)
    })
    expect(checked.claims).toEqual({ given_name: 'Ada' })
  })

  it('refuses a request_uri that redirects, another credential type, and transaction_data, each with a reason', async () => {
    const api = await vaultApi()
    const verifier = didKeyVerifier()
    const moved = `openid4vp://?client_id=${encodeURIComponent(`decentralized_identifier:${verifier.did}`)}&request_uri=${encodeURIComponent(`https://${HOST}:${port}/moved.jwt`)}`
    await expect(api['requests.fetch']({ link: moved })).rejects.toThrow(/redirect/)

    const idCard = { credentials: [{ id: 'pid', format: 'dc+sd-jwt', meta: { vct_values: ['urn:eudi:pid:1'] }, claims: [{ path: ['given_name'] }] }] }
    const { link: other } = await makeAuthorizationRequest(payloadFor(idCard))
    await expect(api['requests.preview']({ text: other })).rejects.toThrow(/never answers as another type/)

    const { link: payment } = await makeAuthorizationRequest(payloadFor(personQuery([['given_name']]), { transaction_data: ['eyJ0eXBlIjoicGF5bWVudCJ9'] }))
    await expect(api['requests.preview']({ text: payment })).rejects.toThrow(/transaction_data/)
    expect(await api['ledger.list']()).toEqual([])
  })
})
