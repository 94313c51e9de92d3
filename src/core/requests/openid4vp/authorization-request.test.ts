import https from 'node:https'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startRequesterSites } from '../../../../test/helpers/requester-site.js'
import { didKeyVerifier, makeAuthorizationRequest, personQuery, x5cVerifier } from '../../../../test/helpers/openid4vp-verifier.js'
import { makeTestCa, type TestCa } from '../../../../test/helpers/test-ca.js'
import { lookupFromEnvironment } from '../../net/web-request.js'
import { didWebDocument } from '../requester-identity/index.js'
import { readAuthorizationRequest } from './authorization-request.js'

/**
 * Requests made by the OpenWallet Foundation's @openid4vc/openid4vp (a verifier's code, not ours),
 * read by MeVault: over real HTTPS on 127.0.0.1 with a test CA, signatures checked with real keys.
 */
const HOST = 'verifier.example.com'
let ca: TestCa
let server: https.Server
let port: number
const served = new Map<string, { status: number; body: string; headers?: Record<string, string> }>()

beforeAll(async () => {
  ca = makeTestCa([HOST])
  server = https.createServer({ key: ca.key, cert: ca.cert }, (req, res) => {
    const page = served.get(req.url ?? '')
    if (!page) return void res.writeHead(404).end()
    res.writeHead(page.status, page.headers ?? { 'content-type': 'application/oauth-authz-req+jwt' }).end(page.body)
  })
  port = await new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)))
})

afterAll(() => {
  server.close()
  ca.remove()
})

const web = () => ({ ca: ca.caPem, lookup: lookupFromEnvironment(`${HOST}=127.0.0.1`) })
const responseUri = () => `https://${HOST}:${port}/response`
const query = personQuery([['given_name'], ['address', 'locality']])

function unsigned(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    response_type: 'vp_token',
    response_mode: 'direct_post',
    client_id: `redirect_uri:${responseUri()}`,
    response_uri: responseUri(),
    nonce: 'n-0S6_WzA2Mj',
    state: 'st-1',
    dcql_query: query,
    ...overrides
  }
}

describe('reading an OpenID4VP authorization request', () => {
  it('reads an unsigned redirect_uri: link; the verifier is shown as its host, unverified', async () => {
    const { link } = await makeAuthorizationRequest(unsigned())
    expect(link.startsWith('openid4vp://')).toBe(true)
    const request = await readAuthorizationRequest(link, { web: web() })
    expect(request.verifier).toEqual({ kind: 'unverified-host', host: `${HOST}:${port}` })
    expect(request.client.clientId).toBe(`redirect_uri:${responseUri()}`)
    expect(request).toMatchObject({ nonce: 'n-0S6_WzA2Mj', state: 'st-1', responseMode: 'direct_post', dcqlQuery: query })
  })

  it('reads the same parameters given as a JSON object', async () => {
    const request = await readAuthorizationRequest(JSON.stringify(unsigned()), { web: web() })
    expect(request.responseUri).toBe(responseUri())
  })

  it('refuses a response_uri that does not match the redirect_uri: client id', async () => {
    const { link } = await makeAuthorizationRequest(unsigned({ client_id: `redirect_uri:https://${HOST}:${port}/other` }))
    await expect(readAuthorizationRequest(link, { web: web() })).rejects.toThrow(/response_uri differs/)
  })

  it('refuses an http response address', async () => {
    const plain = `http://${HOST}/response`
    await expect(readAuthorizationRequest(JSON.stringify(unsigned({ client_id: `redirect_uri:${plain}`, response_uri: plain })))).rejects.toThrow(
      /response_uri is not an https:\/\/ address/
    )
  })

  it('refuses unknown client identifier prefixes, naming them', async () => {
    for (const clientId of ['x509_hash:abc', 'verifier_attestation:v.example', 'openid_federation:https://v.example', 'mystery:thing']) {
      await expect(readAuthorizationRequest(JSON.stringify(unsigned({ client_id: clientId })))).rejects.toThrow(
        `"${clientId.split(':')[0]}:" is not accepted`
      )
    }
    await expect(readAuthorizationRequest(JSON.stringify(unsigned({ client_id: 'verifier.example.com' })))).rejects.toThrow(/without a prefix/)
  })

  it('refuses transaction_data, another response_type or response_mode, and no nonce', async () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ transaction_data: ['eyJ0eXBlIjoicGF5bWVudCJ9'] }, /transaction_data/],
      [{ response_type: 'code' }, /response_type must be vp_token/],
      [{ response_mode: 'fragment' }, /response_mode must be direct_post/],
      [{ nonce: undefined }, /no nonce/]
    ]
    for (const [overrides, message] of cases) {
      await expect(readAuthorizationRequest(JSON.stringify(unsigned(overrides)))).rejects.toThrow(message)
    }
  })

  it('reads a request object signed by a did:key; only the signed parameters count', async () => {
    const verifier = didKeyVerifier()
    const clientId = `decentralized_identifier:${verifier.did}`
    const { link } = await makeAuthorizationRequest(unsigned({ client_id: clientId }), { signer: verifier.signer })
    const tampered = `${link}&nonce=outer-nonce`
    const request = await readAuthorizationRequest(tampered, { web: web() })
    expect(request.verifier).toEqual({ kind: 'did-key', did: verifier.did })
    expect(request.nonce).toBe('n-0S6_WzA2Mj')
    expect(request.delivery).toEqual({ signed: true })
  })

  it('refuses a request object with a bad signature, or signed for another client_id', async () => {
    const verifier = didKeyVerifier()
    const other = didKeyVerifier()
    const clientId = `decentralized_identifier:${verifier.did}`
    // Signed by another key under the first one's name.
    const forged = await makeAuthorizationRequest(unsigned({ client_id: clientId }), {
      signer: { ...other.signer, didUrl: `${verifier.did}#${verifier.did.slice(8)}` }
    })
    await expect(readAuthorizationRequest(forged.link, { web: web() })).rejects.toThrow(/signature does not verify/)
    const honest = await makeAuthorizationRequest(unsigned({ client_id: clientId }), { signer: verifier.signer })
    const swapped = honest.link.replace(encodeURIComponent(clientId), encodeURIComponent(`decentralized_identifier:${other.did}`))
    await expect(readAuthorizationRequest(swapped, { web: web() })).rejects.toThrow(/kid does not name a key|differs from the one outside/)
  })

  it('refuses an unsigned request from a decentralized_identifier: client', async () => {
    const verifier = didKeyVerifier()
    await expect(readAuthorizationRequest(JSON.stringify(unsigned({ client_id: `decentralized_identifier:${verifier.did}` })))).rejects.toThrow(
      /must be signed/
    )
  })

  it('fetches a request by reference over https, and refuses a request_uri that redirects or is http', async () => {
    const verifier = didKeyVerifier()
    const requestUri = `https://${HOST}:${port}/request/1`
    const made = await makeAuthorizationRequest(unsigned({ client_id: `decentralized_identifier:${verifier.did}` }), {
      signer: verifier.signer,
      requestUri
    })
    served.set('/request/1', { status: 200, body: made.requestObject! })
    const request = await readAuthorizationRequest(made.link, { web: web() })
    expect(request.delivery).toEqual({ signed: true, requestUri })
    expect(request.verifier.kind).toBe('did-key')

    served.set('/request/2', { status: 302, body: '', headers: { location: requestUri } })
    await expect(readAuthorizationRequest(made.link.replace('%2Frequest%2F1', '%2Frequest%2F2'), { web: web() })).rejects.toThrow(
      /redirect.*not followed/
    )
    await expect(readAuthorizationRequest(made.link.replace('https%3A', 'http%3A'), { web: web() })).rejects.toThrow(
      /request_uri is not an https/
    )
  })

  it('reads an x509_san_dns: request signed with a certificate from a trusted CA, and refuses an untrusted one', async () => {
    const clientId = `x509_san_dns:${HOST}`
    const trusted = await makeAuthorizationRequest(unsigned({ client_id: clientId }), { signer: x5cVerifier(ca.key, ca.cert) })
    const request = await readAuthorizationRequest(trusted.link, { web: web() })
    expect(request.verifier).toEqual({ kind: 'verified-domain', domain: HOST, method: 'x509_san_dns' })

    const impostor = await makeAuthorizationRequest(unsigned({ client_id: clientId }), { signer: x5cVerifier(ca.untrusted.key, ca.untrusted.cert) })
    await expect(readAuthorizationRequest(impostor.link, { web: web() })).rejects.toThrow(/does not chain to a trusted/)

    const otherResponse = await makeAuthorizationRequest(unsigned({ client_id: clientId, response_uri: 'https://collector.example.net/response' }), {
      signer: x5cVerifier(ca.key, ca.cert)
    })
    await expect(readAuthorizationRequest(otherResponse.link, { web: web() })).rejects.toThrow(/response_uri is not on verifier.example.com/)

    const elsewhere = await makeAuthorizationRequest(unsigned({ client_id: 'x509_san_dns:bank.example.org' }), { signer: x5cVerifier(ca.key, ca.cert) })
    await expect(readAuthorizationRequest(elsewhere.link, { web: web() })).rejects.toThrow(/not for bank.example.org/)
  })

  it('reads a did:web request: the domain is verified through its did.json', async () => {
    const sites = await startRequesterSites(['shop.example.com'])
    try {
      const verifier = didKeyVerifier()
      const document = didWebDocument(sites.urlOf('shop.example.com'), verifier.did)
      sites.publish('shop.example.com', document)
      const did = document.id as string
      const signer = { ...verifier.signer, didUrl: `${did}#key-1` }
      const made = await makeAuthorizationRequest(unsigned({ client_id: `decentralized_identifier:${did}` }), { signer })
      const siteWeb = { ca: sites.ca.caPem, lookup: lookupFromEnvironment(`${sites.resolve},${HOST}=127.0.0.1`) }
      const request = await readAuthorizationRequest(made.link, { web: siteWeb })
      expect(request.verifier).toEqual({ kind: 'verified-domain', domain: `shop.example.com:${sites.port}`, method: 'did:web' })

      // A domain whose did.json does not list the key under assertionMethod does not vouch for it.
      sites.publish('shop.example.com', { ...document, assertionMethod: [] })
      const unbound = await makeAuthorizationRequest(unsigned({ client_id: `decentralized_identifier:${did}`, nonce: 'other' }), { signer })
      await expect(readAuthorizationRequest(unbound.link, { web: siteWeb })).rejects.toThrow(/could not be verified: .*assertionMethod/)
    } finally {
      await sites.close()
    }
  })
})
