import { DcqlPresentationResult, DcqlQuery } from 'dcql'
import { validateOpenid4vpAuthorizationResponsePayload } from '@openid4vc/openid4vp'
import { beforeAll, describe, expect, it } from 'vitest'
import { checkPresentation, makeAuthorizationRequest, personQuery } from '../../../../test/helpers/openid4vp-verifier.js'
import type { FieldView } from '../../../shared/types.js'
import { didOf, newSigningKeyPair } from '../../crypto/identity.js'
import { loadSodium } from '../../crypto/sodium.js'
import { answerAuthorizationRequest } from './answer.js'
import { readAuthorizationRequest } from './authorization-request.js'
import { evaluateDcql, MEVAULT_VCT } from './dcql-evaluation.js'

/**
 * The whole exchange without the network: a verifier made with @openid4vc/openid4vp asks, MeVault
 * reads and answers, and the verifier checks the answer with @sd-jwt/sd-jwt-vc, dcql and its own
 * checks of what @sd-jwt/core 0.19 leaves out.
 */
function field(path: string, value: string, claim: string): FieldView {
  const [record = '', name = ''] = path.split('.')
  return { path, record, field: name, type: 'text', tier: 'restricted', value, updatedAt: '2026-12-01T00:00:00Z', device: 'laptop', claim }
}

const FIELDS = [
  field('identity.first_name', 'Ada', 'given_name'),
  field('identity.last_name', 'Lovelace', 'family_name'),
  field('home.street', 'Unter den Linden 1', 'address.street_address'),
  field('home.city', 'Berlin', 'address.locality'),
  field('identity.birthdate', '1990-12-10', 'birthdate')
]
const RESPONSE_URI = 'https://shop.example.com/openid4vp/response'
const CLIENT_ID = `redirect_uri:${RESPONSE_URI}`

async function ask(query: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  const payload = { response_type: 'vp_token', response_mode: 'direct_post', client_id: CLIENT_ID, response_uri: RESPONSE_URI, nonce: 'nonce-7f3a', state: 'state-1', dcql_query: query, ...extra }
  const { link } = await makeAuthorizationRequest(payload)
  const request = await readAuthorizationRequest(link)
  return { payload, request, evaluation: evaluateDcql(request.dcqlQuery, FIELDS) }
}

beforeAll(async () => {
  await loadSodium()
})

describe('the answer: an SD-JWT VC a standard verifier accepts', () => {
  it('is verified by @sd-jwt/sd-jwt-vc and satisfies the DCQL query; only approved claims are disclosed', async () => {
    const query = personQuery([['given_name'], ['family_name'], ['address', 'locality']])
    const { payload, request, evaluation } = await ask(query)
    const person = newSigningKeyPair()
    const now = Math.floor(Date.now() / 1000)
    const answer = await answerAuthorizationRequest({ request, evaluation, fields: FIELDS, approve: ['given_name', 'home.city'], person, now })

    const form = Object.fromEntries(new URLSearchParams(answer.body))
    expect(form.state).toBe('state-1')
    const vpToken = JSON.parse(form.vp_token as string) as Record<string, string[]>
    validateOpenid4vpAuthorizationResponsePayload({
      authorizationRequestPayload: payload as Parameters<typeof validateOpenid4vpAuthorizationResponsePayload>[0]['authorizationRequestPayload'],
      authorizationResponsePayload: { vp_token: vpToken, state: 'state-1' }
    })
    const presentation = vpToken.person?.[0] as string
    const checked = await checkPresentation(presentation, { nonce: 'nonce-7f3a', aud: CLIENT_ID, now })
    expect(checked.issuer).toBe(didOf(person))
    expect(checked.claims).toEqual({ given_name: 'Ada', address: { locality: 'Berlin' } })
    // Presented: the address (holding only digests), its city, the first name; the last name and street stay hidden.
    expect(checked.disclosures.map(([, name]) => name).sort()).toEqual(['address', 'given_name', 'locality'])
    expect(answer.disclosed).toEqual({ person: ['given_name', 'address.locality'] })

    const header = JSON.parse(Buffer.from(presentation.split('.')[0] as string, 'base64url').toString('utf8')) as Record<string, unknown>
    expect(header).toMatchObject({ typ: 'dc+sd-jwt', alg: 'EdDSA' })
    for (const [salt] of checked.disclosures) expect(Buffer.from(salt, 'base64url')).toHaveLength(16)

    // The verifier's own DCQL check of what it received (the dcql library, verifier side).
    const dcqlResult = DcqlPresentationResult.fromDcqlPresentation(
      { person: { credential_format: 'dc+sd-jwt', vct: MEVAULT_VCT, claims: checked.claims as never, cryptographic_holder_binding: true } },
      { dcqlQuery: DcqlQuery.parse(query as DcqlQuery.Input) }
    )
    // Family name was asked for and withheld: the verifier sees the query is not fully met.
    expect(dcqlResult.can_be_satisfied).toBe(false)
  })

  it('meets the query when everything asked is approved', async () => {
    const query = personQuery([['given_name'], ['address', 'locality']])
    const { request, evaluation } = await ask(query)
    const now = Math.floor(Date.now() / 1000)
    const answer = await answerAuthorizationRequest({ request, evaluation, fields: FIELDS, approve: ['given_name', 'address.locality'], person: newSigningKeyPair(), now })
    const presentation = answer.vpToken.person?.[0] as string
    const checked = await checkPresentation(presentation, { nonce: 'nonce-7f3a', aud: CLIENT_ID, now })
    const dcqlResult = DcqlPresentationResult.fromDcqlPresentation(
      { person: { credential_format: 'dc+sd-jwt', vct: MEVAULT_VCT, claims: checked.claims as never, cryptographic_holder_binding: true } },
      { dcqlQuery: DcqlQuery.parse(query as DcqlQuery.Input) }
    )
    expect(dcqlResult.can_be_satisfied).toBe(true)
  })

  it('is refused by a verifier expecting another nonce or audience, and a changed disclosure breaks it', async () => {
    const { request, evaluation } = await ask(personQuery([['given_name']]))
    const now = Math.floor(Date.now() / 1000)
    const presentation = (await answerAuthorizationRequest({ request, evaluation, fields: FIELDS, approve: ['given_name'], person: newSigningKeyPair(), now })).vpToken.person?.[0] as string
    await expect(checkPresentation(presentation, { nonce: 'other', aud: CLIENT_ID, now })).rejects.toThrow()
    await expect(checkPresentation(presentation, { nonce: 'nonce-7f3a', aud: 'redirect_uri:https://elsewhere.example/', now })).rejects.toThrow(/aud/)
    const parts = presentation.split('~')
    const forged = Buffer.from(JSON.stringify(['AAAAAAAAAAAAAAAAAAAAAA', 'given_name', 'Eve'])).toString('base64url')
    await expect(checkPresentation([parts[0], forged, parts[2]].join('~'), { nonce: 'nonce-7f3a', aud: CLIENT_ID, now })).rejects.toThrow()
  })

  it('refuses to approve a claim the request does not ask for', async () => {
    const { request, evaluation } = await ask(personQuery([['given_name']]))
    await expect(answerAuthorizationRequest({ request, evaluation, fields: FIELDS, approve: ['birthdate'], person: newSigningKeyPair() })).rejects.toThrow(
      /"birthdate" is not a claim this request asks for/
    )
  })

  it('signs with ES256 and the person’s P-256 did:key for a verifier that accepts only that (HAIP)', async () => {
    const haip = { client_metadata: { vp_formats_supported: { 'dc+sd-jwt': { 'sd-jwt_alg_values': ['ES256'], 'kb-jwt_alg_values': ['ES256'] } } } }
    const { request, evaluation } = await ask(personQuery([['given_name']]), haip)
    const person = newSigningKeyPair()
    const now = Math.floor(Date.now() / 1000)
    const first = await answerAuthorizationRequest({ request, evaluation, fields: FIELDS, approve: ['given_name'], person, now })
    const presentation = first.vpToken.person?.[0] as string
    const header = JSON.parse(Buffer.from(presentation.split('.')[0] as string, 'base64url').toString('utf8')) as Record<string, unknown>
    expect(header).toMatchObject({ typ: 'dc+sd-jwt', alg: 'ES256' })
    const checked = await checkPresentation(presentation, { nonce: 'nonce-7f3a', aud: CLIENT_ID, now })
    expect(checked.issuer).toMatch(/^did:key:zDn/)
    expect(checked.claims).toEqual({ given_name: 'Ada' })
    // The same person answers with the same P-256 key every time: it is derived, not random.
    const again = await answerAuthorizationRequest({ request, evaluation, fields: FIELDS, approve: ['given_name'], person, now })
    expect((await checkPresentation(again.vpToken.person?.[0] as string, { nonce: 'nonce-7f3a', aud: CLIENT_ID, now })).issuer).toBe(checked.issuer)
  })

  it('refuses a verifier that accepts neither EdDSA nor ES256, naming what it asked for', async () => {
    const rsaOnly = { client_metadata: { vp_formats_supported: { 'dc+sd-jwt': { 'sd-jwt_alg_values': ['PS256'] } } } }
    const { request, evaluation } = await ask(personQuery([['given_name']]), rsaOnly)
    await expect(answerAuthorizationRequest({ request, evaluation, fields: FIELDS, approve: ['given_name'], person: newSigningKeyPair() })).rejects.toThrow(
      /accepts SD-JWT VCs signed with PS256 only/
    )
  })

  it('encrypts the answer to the verifier’s key for direct_post.jwt; only the verifier can read it', async () => {
    const { generateKeyPair, exportJWK, compactDecrypt } = await import('jose')
    const verifierKeys = await generateKeyPair('ECDH-ES', { crv: 'P-256', extractable: true })
    const publicJwk = { ...(await exportJWK(verifierKeys.publicKey)), kid: 'enc-1', use: 'enc', alg: 'ECDH-ES' }
    const encrypted = {
      response_mode: 'direct_post.jwt',
      client_metadata: { jwks: { keys: [publicJwk] }, encrypted_response_enc_values_supported: ['A256GCM'] }
    }
    const { request, evaluation } = await ask(personQuery([['given_name']]), encrypted)
    const now = Math.floor(Date.now() / 1000)
    const answer = await answerAuthorizationRequest({ request, evaluation, fields: FIELDS, approve: ['given_name'], person: newSigningKeyPair(), now })
    const form = Object.fromEntries(new URLSearchParams(answer.body))
    expect(Object.keys(form)).toEqual(['response'])
    expect(answer.body).not.toContain('vp_token')
    const { plaintext, protectedHeader } = await compactDecrypt(form.response as string, verifierKeys.privateKey)
    expect(protectedHeader).toMatchObject({ alg: 'ECDH-ES', enc: 'A256GCM', kid: 'enc-1' })
    const parameters = JSON.parse(new TextDecoder().decode(plaintext)) as { vp_token: Record<string, string[]>; state: string }
    expect(parameters.state).toBe('state-1')
    const checked = await checkPresentation(parameters.vp_token.person?.[0] as string, { nonce: 'nonce-7f3a', aud: CLIENT_ID, now })
    expect(checked.claims).toEqual({ given_name: 'Ada' })
  })

  it('refuses direct_post.jwt when the verifier lists no key to encrypt to', async () => {
    const { request, evaluation } = await ask(personQuery([['given_name']]), { response_mode: 'direct_post.jwt', client_metadata: { jwks: { keys: [] } } })
    await expect(answerAuthorizationRequest({ request, evaluation, fields: FIELDS, approve: ['given_name'], person: newSigningKeyPair() })).rejects.toThrow(
      /lists no P-256 or X25519 key/
    )
  })
})
