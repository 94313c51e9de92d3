import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startRequesterSites } from '../../../../test/helpers/requester-site.js'
import { lookupFromEnvironment } from '../../net/web-request.js'
import { BindingChecker } from './binding-check.js'
import { didWebDocument } from './did-web.js'

const HOST = 'acme.example.com'
// RFC 8032 TEST 2's did:key: a real Ed25519 key.
const KEY = 'did:key:z6MkiaMbhXHNA4eJVCCj8dbzKzTgYDKf6crKgHVHid1F1WCT'
let sites: Awaited<ReturnType<typeof startRequesterSites>>

beforeAll(async () => {
  sites = await startRequesterSites([HOST])
})
afterAll(() => sites.close())

const trusting = () => new BindingChecker({ web: { ca: sites.ca.caPem, lookup: lookupFromEnvironment(sites.resolve) } })

describe('BindingChecker: what the domain answers, over real HTTPS', () => {
  it('a definite answer from the domain is "not bound": 404, a redirect, not JSON, too large', async () => {
    const url = sites.urlOf(HOST)
    sites.unpublish(HOST)
    expect(await trusting().check(url, KEY)).toMatchObject({ state: 'not-bound', reason: expect.stringContaining('answered 404') })
    sites.publishRaw(HOST, { status: 302, headers: { location: 'https://elsewhere.example/did.json' }, body: '' })
    expect(await trusting().check(url, KEY)).toMatchObject({ state: 'not-bound', reason: expect.stringContaining('redirect (302)') })
    sites.publishRaw(HOST, { body: '<html>hello</html>' })
    expect(await trusting().check(url, KEY)).toMatchObject({ state: 'not-bound', reason: expect.stringContaining('is not JSON') })
    sites.publishRaw(HOST, { body: JSON.stringify({ ...didWebDocument(url, KEY), padding: 'x'.repeat(70 * 1024) }) })
    expect(await trusting().check(url, KEY)).toMatchObject({ state: 'not-bound', reason: expect.stringContaining('larger than 65536 bytes') })
  })

  it('a failure that says nothing about the requester is "could not check": a 5xx, a certificate not trusted here', async () => {
    const url = sites.urlOf(HOST)
    sites.publishRaw(HOST, { status: 503, body: 'down' })
    expect(await trusting().check(url, KEY)).toMatchObject({ state: 'could-not-check', reason: expect.stringContaining('answered 503') })
    sites.publish(HOST, didWebDocument(url, KEY))
    // The system's trust store alone does not know the test CA.
    const systemOnly = new BindingChecker({ web: { lookup: lookupFromEnvironment(sites.resolve) } })
    expect(await systemOnly.check(url, KEY)).toMatchObject({ state: 'could-not-check', reason: expect.stringContaining('not trusted') })
    expect(await trusting().check(url, KEY)).toEqual({ state: 'verified', domain: `${HOST}:${sites.port}`, method: 'did:web' })
  })

  it('checks of one document at the same time share one fetch', async () => {
    const url = sites.urlOf(HOST)
    sites.publish(HOST, didWebDocument(url, KEY), {})
    const checker = trusting()
    const before = sites.fetchesOf(HOST)
    const results = await Promise.all([checker.check(url, KEY), checker.check(url, KEY), checker.check(url, KEY)])
    expect(results.map((r) => r.state)).toEqual(['verified', 'verified', 'verified'])
    expect(sites.fetchesOf(HOST)).toBe(before + 1)
  })
})
