/**
 * The requester kit's verifier side for OpenID4VP (src/requester/openid4vp): the requests it makes
 * are read by MeVault's own wallet code (src/core/requests/openid4vp) and by code we did not write
 * (@openid4vc/openid4vp, dcql), and the answers MeVault's core builds verify, while every kind of
 * tampering is refused with the check named. The did:web binding is served over real HTTPS on
 * 127.0.0.1 (the kit's own site, a CA the test makes).
 */
import { createHash, createPublicKey } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DcqlQuery } from 'dcql'
import { parseOpenid4vpAuthorizationRequest, resolveOpenid4vpAuthorizationRequest } from '@openid4vc/openid4vp'
import { compactVerify } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { didOf, newSigningKeyPair, type SigningKeyPair } from '../../src/core/crypto/identity.js'
import { signCompactJws } from '../../src/core/crypto/jws.js'
import { loadSodium } from '../../src/core/crypto/sodium.js'
import { lookupFromEnvironment, type WebDependencies } from '../../src/core/net/web-request.js'
import { directPostBody } from '../../src/core/requests/openid4vp/direct-post.js'
import { presentSdJwtVc } from '../../src/core/requests/openid4vp/sd-jwt-vc.js'
import {
  answeredState,
  initKitFolder,
  type KitFolder,
  makeOpenId4VpRequest,
  type OpenId4VpRequestOptions,
  startRequesterSite,
  verifyOpenId4VpResponse,
  type RequesterSite
} from '../../src/requester/index.js'
import { freePort } from '../helpers/free-port.js'
import { makeTestCa, type TestCa } from '../helpers/test-ca.js'
import { answerAsMeVaultWallet } from './openid4vp-person.js'

const HOST = 'nordbank.example.com'
let ca: TestCa
let root: string
let folder: KitFolder
let site: RequesterSite
let origin: string
let web: WebDependencies
const person: SigningKeyPair = { publicKey: new Uint8Array(), secretKey: new Uint8Array() }

beforeAll(async () => {
  await loadSodium()
  Object.assign(person, newSigningKeyPair())
  ca = makeTestCa([HOST])
  const port = await freePort()
  origin = `https://${HOST}:${port}`
  root = mkdtempSync(join(tmpdir(), 'mevault-openid4vp-kit-'))
  folder = await initKitFolder(join(root, 'nordbank'), 'Nordbank Savings', origin)
  // The kit's own site publishes the did:web binding the wallet checks.
  site = await startRequesterSite({ folder, port, tls: { cert: ca.cert, key: ca.key }, log: () => {} })
  web = { lookup: lookupFromEnvironment(`${HOST}=127.0.0.1`), ca: ca.caPem }
})

afterAll(async () => {
  await site?.close()
  ca?.remove()
  if (root) rmSync(root, { recursive: true, force: true })
})

const ask = (options: Partial<OpenId4VpRequestOptions> = {}) =>
  makeOpenId4VpRequest({ requester: folder.profile, claims: ['given_name', 'address.locality'], responseUri: `${origin}/openid4vp/response`, ...options })

describe('an OpenID4VP request made by the kit', () => {
  it('is read by MeVault’s wallet as signed by the verified domain, with the DCQL query, nonce and state', async () => {
    const made = await ask({ optional: ['email'] })
    const { request, evaluation } = await answerAsMeVaultWallet(made.byValueLink, ['given_name'], { person, web })
    expect(request.verifier).toEqual({ kind: 'verified-domain', domain: new URL(origin).host, method: 'did:web' })
    expect(request.client.clientId).toBe(`decentralized_identifier:did:web:${HOST}%3A${new URL(origin).port}`)
    expect(request.delivery.signed).toBe(true)
    expect([request.nonce, request.state, request.responseUri, request.responseMode]).toEqual([
      made.pending.nonce, made.pending.state, `${origin}/openid4vp/response`, 'direct_post'
    ])
    expect(made.pending.nonce).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(evaluation.queries[0]?.lines.map((line) => [line.claim, line.state])).toEqual([
      ['given_name', 'held'], ['address.locality', 'held'], ['email', 'held']
    ])
    const header = JSON.parse(Buffer.from((made.requestObject ?? '').split('.')[0] ?? '', 'base64url').toString()) as Record<string, unknown>
    expect(header).toEqual({ alg: 'EdDSA', typ: 'oauth-authz-req+jwt', kid: `did:web:${HOST}%3A${new URL(origin).port}#key-1` })
  })

  it('each request has a fresh nonce and state', async () => {
    const [a, b] = await Promise.all([ask(), ask()])
    expect(a.pending.nonce).not.toBe(b.pending.nonce)
    expect(a.pending.state).not.toBe(b.pending.state)
  })

  it('is accepted by @openid4vc/openid4vp (parse and resolve, OpenID4VP 1.0) and its DCQL by dcql', async () => {
    const made = await ask({ optional: ['email'], responseMode: 'direct_post.jwt', requestUri: `${origin}/openid4vp/request.jwt?state=x` })
    expect(made.link).toBe(
      `openid4vp://?client_id=${encodeURIComponent(made.pending.clientId)}&request_uri=${encodeURIComponent(`${origin}/openid4vp/request.jwt?state=x`)}`
    )
    const parsed = parseOpenid4vpAuthorizationRequest({ authorizationRequest: made.byValueLink })
    expect(parsed.type).toBe('jar')
    const signerKey = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(folder.profile.keys.signing.publicKey).toString('base64url') }, format: 'jwk' })
    const resolved = await resolveOpenid4vpAuthorizationRequest({
      authorizationRequestPayload: parsed.params as never,
      callbacks: {
        verifyJwt: async (signer: unknown, jwt: { compact: string }) => {
          // The library hands over the did URL; here the did:web's key is the requester's own.
          expect(signer).toMatchObject({ method: 'did', didUrl: `${made.pending.clientId.slice('decentralized_identifier:'.length)}#key-1` })
          await compactVerify(jwt.compact, signerKey)
          return { verified: true, signerJwk: signerKey.export({ format: 'jwk' }) as never }
        },
        decryptJwe: () => { throw new Error('not used') },
        getX509CertificateMetadata: () => { throw new Error('not used') },
        fetch,
        hash: () => { throw new Error('not used') }
      } as never
    })
    expect(resolved.version).toBe(100)
    expect(resolved.client).toMatchObject({ prefix: 'decentralized_identifier' })
    expect(resolved.authorizationRequestPayload).toMatchObject({ response_mode: 'direct_post.jwt', nonce: made.pending.nonce, state: made.pending.state })
    const query = DcqlQuery.parse(resolved.dcql?.query as DcqlQuery.Input)
    DcqlQuery.validate(query)
    expect(query.credentials[0]).toMatchObject({ format: 'dc+sd-jwt', meta: { vct_values: ['urn:mevault:person:1'] }, claim_sets: [['given_name', 'address_locality', 'email'], ['given_name', 'address_locality']] })
    expect(query.credentials[0]?.claims?.map((claim) => (claim as { path: unknown }).path)).toEqual([['given_name'], ['address', 'locality'], ['email']])
  })

  it('an unsigned redirect_uri: request is read by MeVault as an unverified host', async () => {
    const made = await ask({ clientIdPrefix: 'redirect_uri' })
    expect(made.requestObject).toBeUndefined()
    const { request } = await answerAsMeVaultWallet(made.byValueLink, ['given_name'], { person, web })
    expect(request.verifier).toEqual({ kind: 'unverified-host', host: new URL(origin).host })
    expect(request.client.clientId).toBe(`redirect_uri:${origin}/openid4vp/response`)
  })

  it('refuses an unknown claim and a plain-http response address, in words', async () => {
    await expect(ask({ claims: ['given_nmae'] })).rejects.toThrow('"given_nmae" is not a claim MeVault knows')
    await expect(ask({ responseUri: 'http://nordbank.example.com/r' })).rejects.toThrow('must be an https:// address')
  })
})

describe('verifying an answer MeVault’s core built', () => {
  it('passes every check and gives the claims, the holder’s did:key and the self-asserted notice', async () => {
    const made = await ask()
    const { answer } = await answerAsMeVaultWallet(made.byValueLink, ['given_name', 'address.locality'], { person, web })
    const result = await verifyOpenId4VpResponse(answer.body, made.pending)
    expect(result.reason).toBeUndefined()
    expect(result.valid).toBe(true)
    expect(result.claims).toEqual({ given_name: 'Ada', 'address.locality': 'Berlin' })
    expect(result.holder).toBe(didOf(person))
    expect(result.notice).toMatch(/^Self-asserted: .* not that the values are true\.$/)
    expect(result.checks.map((check) => check.name)).toEqual([
      'response', 'state', 'in-time', 'vp-token', 'issuer-signature', 'typ', 'vct', 'credential-time', 'disclosures',
      'holder-binding', 'key-binding', 'nonce', 'audience', 'kb-time', 'sd-hash', 'dcql'
    ])
    expect(answeredState(answer.body)).toBe(made.pending.state)
  })

  it('opens an encrypted answer (direct_post.jwt) with the request’s own key', async () => {
    const made = await ask({ responseMode: 'direct_post.jwt' })
    const { answer } = await answerAsMeVaultWallet(made.byValueLink, ['given_name', 'address.locality'], { person, web })
    expect(answer.body).not.toContain('vp_token')
    expect(answeredState(answer.body)).toBe(made.pending.state)
    const result = await verifyOpenId4VpResponse(answer.body, made.pending)
    expect([result.valid, result.claims]).toEqual([true, { given_name: 'Ada', 'address.locality': 'Berlin' }])
    // Another request's key does not open it.
    const other = await ask({ responseMode: 'direct_post.jwt' })
    const refused = await verifyOpenId4VpResponse(answer.body, { ...other.pending, state: made.pending.state })
    expect(refused.reason).toMatch(/^response: the encrypted response does not open/)
  })

  it('verifies an ES256 credential issued by the person’s P-256 did:key (HAIP)', async () => {
    const made = await ask({ claims: ['given_name'] })
    const presentation = presentSdJwtVc({
      claims: new Map([['given_name', 'Ada']]), approved: ['given_name'], nonce: made.pending.nonce, audience: made.pending.clientId, person, alg: 'ES256'
    })
    const result = await verifyOpenId4VpResponse(await formOf(made.pending, presentation), made.pending)
    expect(result.reason).toBeUndefined()
    expect(result.holder).toMatch(/^did:key:zDn/)
  })
})

describe('tampered and misdirected answers are refused, with the check named', () => {
  const claims = new Map<string, unknown>([['given_name', 'Ada'], ['family_name', 'Lovelace']])
  async function presented(overrides: { nonce?: string; audience?: string; now?: number } = {}) {
    const made = await ask({ claims: ['given_name'], optional: ['family_name'] })
    const presentation = presentSdJwtVc({
      claims, approved: ['given_name', 'family_name'], nonce: overrides.nonce ?? made.pending.nonce,
      audience: overrides.audience ?? made.pending.clientId, person, ...(overrides.now === undefined ? {} : { now: overrides.now })
    })
    return { made, presentation }
  }
  async function refusal(presentation: string, made: Awaited<ReturnType<typeof ask>>): Promise<string | undefined> {
    const result = await verifyOpenId4VpResponse(await formOf(made.pending, presentation), made.pending)
    expect(result.valid).toBe(false)
    expect(result.claims).toBeUndefined()
    return result.reason
  }

  it('a changed disclosure', async () => {
    const { made, presentation } = await presented()
    const parts = presentation.split('~')
    parts[1] = Buffer.from(JSON.stringify(['AAAAAAAAAAAAAAAAAAAAAA', 'given_name', 'Eve'])).toString('base64url')
    expect(await refusal(parts.join('~'), made)).toMatch(/^disclosures: 1 disclosure is referenced by no digest/)
  })

  it('an extra disclosure no digest references', async () => {
    const { made, presentation } = await presented()
    const parts = presentation.split('~')
    const extra = Buffer.from(JSON.stringify(['AAAAAAAAAAAAAAAAAAAAAA', 'birthdate', '1990-12-10'])).toString('base64url')
    expect(await refusal([parts[0], extra, ...parts.slice(1)].join('~'), made)).toMatch(/^disclosures: 1 disclosure is referenced by no digest/)
  })

  it('a dropped disclosure breaks the sd_hash', async () => {
    const { made, presentation } = await presented()
    const parts = presentation.split('~')
    expect(await refusal([parts[0], ...parts.slice(2)].join('~'), made)).toMatch(/^sd-hash: /)
  })

  it('a dropped KB-JWT', async () => {
    const { made, presentation } = await presented()
    expect(await refusal(presentation.slice(0, presentation.lastIndexOf('~') + 1), made)).toBe('key-binding: the presentation has no key binding JWT (KB-JWT)')
  })

  it('another nonce', async () => {
    const { made, presentation } = await presented({ nonce: 'another-request' })
    expect(await refusal(presentation, made)).toMatch(/^nonce: /)
  })

  it('another audience', async () => {
    const { made, presentation } = await presented({ audience: 'redirect_uri:https://elsewhere.example/r' })
    expect(await refusal(presentation, made)).toMatch(/^audience: the presentation is addressed to "redirect_uri:https:\/\/elsewhere.example\/r"/)
  })

  it('an old presentation (iat an hour ago)', async () => {
    const { made, presentation } = await presented({ now: Math.floor(Date.now() / 1000) - 3600 })
    expect(await refusal(presentation, made)).toMatch(/^kb-time: the key binding JWT is older than 300 s/)
  })

  it('a credential of another type, even validly signed by the person', async () => {
    const { made, presentation } = await presented()
    const forged = resigned(presentation, made.pending.nonce, made.pending.clientId, (payload) => ({ ...payload, vct: 'urn:eu.europa.ec.eudi:pid:1' }))
    expect(await refusal(forged, made)).toBe('vct: the credential\'s type is "urn:eu.europa.ec.eudi:pid:1", not urn:mevault:person:1')
  })

  it('a holder key that is not the issuer’s', async () => {
    const { made, presentation } = await presented()
    const stranger = newSigningKeyPair()
    const forged = resigned(presentation, made.pending.nonce, made.pending.clientId, (payload) => ({
      ...payload, cnf: { jwk: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(stranger.publicKey).toString('base64url') } }
    }))
    expect(await refusal(forged, made)).toMatch(/^holder-binding: /)
  })

  it('a changed credential (issuer signature)', async () => {
    const { made, presentation } = await presented()
    const [jwt = '', ...rest] = presentation.split('~')
    const [header, payload, signature] = jwt.split('.')
    const changed = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()) as Record<string, unknown>
    const body = Buffer.from(JSON.stringify({ ...changed, iat: 1 })).toString('base64url')
    expect(await refusal([`${header}.${body}.${signature}`, ...rest].join('~'), made)).toMatch(/^issuer-signature: .*altered/)
  })

  it('another request’s state, and a withheld required claim', async () => {
    const { made, presentation } = await presented()
    const other = await ask()
    const result = await verifyOpenId4VpResponse(await formOf(made.pending, presentation), other.pending)
    expect(result.reason).toBe('state: the answer names another state than this request’s')

    const withheld = presentSdJwtVc({ claims, approved: ['family_name'], nonce: made.pending.nonce, audience: made.pending.clientId, person })
    expect(await refusal(withheld, made)).toBe('dcql: the disclosed claims do not satisfy the query (not disclosed: given_name)')
  })
})

/** The direct_post body MeVault's core would post with this presentation. */
function formOf(pending: { state: string; responseMode: 'direct_post' | 'direct_post.jwt' }, presentation: string): Promise<string> {
  return directPostBody({ responseMode: 'direct_post', state: pending.state }, { person: [presentation] })
}

/** The presentation re-issued by the same person with a changed payload (so the signatures hold). */
function resigned(presentation: string, nonce: string, audience: string, change: (payload: Record<string, unknown>) => Record<string, unknown>): string {
  const parts = presentation.split('~')
  const [header = '', payload = ''] = (parts[0] ?? '').split('.')
  const json = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString()) as Record<string, unknown>
  const issuerJwt = signCompactJws(json(header), new TextEncoder().encode(JSON.stringify(change(json(payload)))), person.secretKey)
  const sdJwt = `${[issuerJwt, ...parts.slice(1, -1)].join('~')}~`
  const sdHash = createHash('sha256').update(sdJwt, 'ascii').digest('base64url')
  const kb = signCompactJws({ typ: 'kb+jwt', alg: 'EdDSA' }, new TextEncoder().encode(JSON.stringify({ iat: Math.floor(Date.now() / 1000), aud: audience, nonce, sd_hash: sdHash })), person.secretKey)
  return `${sdJwt}${kb}`
}
