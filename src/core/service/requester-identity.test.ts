import { createServer, type AddressInfo } from 'node:net'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startRequesterSites } from '../../../test/helpers/requester-site.js'
import { tempDir } from '../../../test/helpers/temp-dir.js'
import type { MeVaultApi } from '../../shared/api.js'
import { didOf, newSigningKeyPair, type SigningKeyPair } from '../crypto/identity.js'
import { loadSodium } from '../crypto/sodium.js'
import { lookupFromEnvironment } from '../net/web-request.js'
import type { DataRequest } from '../requests/request-schema.js'
import { signRequest } from '../requests/request-signature.js'
import { BindingChecker, didWebDocument } from '../requests/requester-identity/index.js'
import { sampleRequest } from '../requests/sample-request.js'
import { createVaultService } from './index.js'

const NORDBANK = 'nordbank.example.com'
const EVIL = 'evil.example'
/** "pаypal.com" with a Cyrillic а, as the URL standard writes it. */
const IDN_PAYPAL = 'xn--pypal-4ve.com'

let sites: Awaited<ReturnType<typeof startRequesterSites>>
let nordbankKey: SigningKeyPair

beforeAll(async () => {
  await loadSodium()
  sites = await startRequesterSites([NORDBANK, EVIL, IDN_PAYPAL])
  nordbankKey = newSigningKeyPair()
  sites.publish(NORDBANK, didWebDocument(sites.urlOf(NORDBANK), didOf(nordbankKey)))
})

afterAll(() => sites.close())

/** The real vault service with a binding checker that trusts the test CA and finds the sites on 127.0.0.1. */
async function vault(now?: () => number): Promise<MeVaultApi> {
  const root = tempDir('mevault-requester')
  const bindingChecker = new BindingChecker({ web: { ca: sites.ca.caPem, lookup: lookupFromEnvironment(sites.resolve) }, now })
  const api = createVaultService({ vaultDir: join(root, 'vault'), keyFileFor: (id) => join(root, 'keys', `${id}.json`) }, { bindingChecker })
  await api['vault.create']({ passphrase: 'correct horse battery' })
  await api['fields.set']({ path: 'contact.email', value: 'zoe@example.org', tier: 'public', type: 'email' })
  return api
}

let nonce = 0
/** A request from `requester`, signed by `key` (unsigned when key is null); a fresh nonce each time. */
async function request(requester: DataRequest['requester'], key: SigningKeyPair | null): Promise<string> {
  const json = JSON.stringify(sampleRequest({ requester, nonce: `nonce-requester-${String(++nonce).padStart(6, '0')}` }))
  return key ? signRequest(json, key) : json
}

const nordbank = () => ({ name: 'Nordbank Savings', id: didOf(nordbankKey), url: sites.urlOf(NORDBANK) })

/** A fresh key that calls itself whatever `requester` says: anyone can make one. */
async function impostor(requester: Partial<DataRequest['requester']>): Promise<string> {
  const key = newSigningKeyPair()
  return request({ ...nordbank(), id: didOf(key), ...requester }, key)
}

const kinds = (preview: { requester: { warnings: Array<{ kind: string }> } }) => preview.requester.warnings.map((w) => w.kind)

describe('who is asking: the requester’s domain binding (did:web) over real HTTPS', () => {
  it('verifies the domain, not the name, when the domain lists the key that signed the request', async () => {
    const api = await vault()
    const preview = await api['requests.preview']({ text: await request(nordbank(), nordbankKey) })
    expect(preview.requester.verified).toEqual({ domain: `${NORDBANK}:${sites.port}`, method: 'did:web' })
    expect(preview.requester.check).toEqual({ state: 'verified' })
    expect(preview.requester.warnings).toEqual([])
  })

  it('never verifies a request that is not validly signed, and does not even fetch for it', async () => {
    const api = await vault()
    const before = sites.fetchesOf(NORDBANK)
    const unsigned = await api['requests.preview']({ text: await request(nordbank(), null) })
    expect(unsigned.requester.verified).toBeNull()
    expect(unsigned.requester.check).toEqual({ state: 'not-checked', reason: 'the request is not signed' })
    // Signed by a fresh key while naming Nordbank's key: the signature does not hold.
    const forged = await api['requests.preview']({ text: await request(nordbank(), newSigningKeyPair()) })
    expect(forged.signature.status).toBe('invalid')
    expect(forged.requester.verified).toBeNull()
    expect(forged.requester.check.state).toBe('not-checked')
    expect(sites.fetchesOf(NORDBANK)).toBe(before)
  })

  it('a fresh key with a known requester’s name and url: not verified, and warned loudly once you shared with the real one', async () => {
    const api = await vault()
    const fake = await impostor({})
    const first = await api['requests.preview']({ text: fake })
    expect(first.requester.verified).toBeNull()
    expect(first.requester.check.state).toBe('not-bound')
    expect(first.requester.check.reason).toMatch(/does not list this request’s key/)

    await api['requests.answer']({ text: await request(nordbank(), nordbankKey), approve: ['contact.email'] })
    const after = await api['requests.preview']({ text: fake })
    expect(after.requester.verified).toBeNull()
    expect(kinds(after)).toEqual(['known-name-new-key', 'known-domain-new-key'])
    expect(after.requester.warnings[0]!.message).toContain('Nordbank Savings')
    expect(after.requester.warnings[1]!.message).toContain(NORDBANK)
  })

  it('a known domain under another name with a new key: warned about the domain', async () => {
    const api = await vault()
    await api['requests.answer']({ text: await request(nordbank(), nordbankKey), approve: ['contact.email'] })
    const preview = await api['requests.preview']({ text: await impostor({ name: 'Nordbank Customer Care' }) })
    expect(preview.requester.verified).toBeNull()
    expect(kinds(preview)).toEqual(['known-domain-new-key'])
  })

  it('a refusal does not make a requester known: refusing an impostor does not turn the real one into a suspect', async () => {
    const api = await vault()
    await api['requests.answer']({ text: await impostor({}), approve: [] })
    const real = await api['requests.preview']({ text: await request(nordbank(), nordbankKey) })
    expect(real.requester.verified).not.toBeNull()
    expect(real.requester.warnings).toEqual([])
  })

  it('a mixed-script name ("Gооgle" with Cyrillic o’s): not verified, warned', async () => {
    const api = await vault()
    const preview = await api['requests.preview']({ text: await impostor({ name: 'G\u043e\u043egle LLC', url: sites.urlOf(EVIL) }) })
    expect(preview.requester.verified).toBeNull()
    expect(kinds(preview)).toEqual(['mixed-script'])
    expect(preview.requester.warnings[0]!.message).toMatch(/mixes Latin and Cyrillic letters/)
  })

  it('a name imitating a known requester (Cyrillic о in Nordbank): not verified, warned as a look-alike', async () => {
    const api = await vault()
    await api['requests.answer']({ text: await request(nordbank(), nordbankKey), approve: ['contact.email'] })
    const preview = await api['requests.preview']({ text: await impostor({ name: 'N\u043erdbank Savings', url: sites.urlOf(EVIL) }) })
    expect(preview.requester.verified).toBeNull()
    expect(kinds(preview)).toEqual(['lookalike-name', 'mixed-script'])
    expect(preview.requester.warnings[0]!.message).toContain('“Nordbank Savings”')
  })

  it('an IDN host (pаypal.com): not verified, warned with its punycode and its Unicode form', async () => {
    const api = await vault()
    const preview = await api['requests.preview']({
      text: await impostor({ name: 'PayPal', url: `https://p\u0430ypal.com:${sites.port}/` })
    })
    expect(preview.requester.verified).toBeNull()
    expect(preview.requester.check.state).toBe('not-bound')
    expect(kinds(preview)).toEqual(['idn-host'])
    expect(preview.requester.warnings[0]!.message).toContain(IDN_PAYPAL)
    expect(preview.requester.warnings[0]!.message).toContain('p\u0430ypal.com')
  })

  it('a url with user-info (https://www.paypal.com@evil.example/): never verified, warned with the real host', async () => {
    const api = await vault()
    const newKey = newSigningKeyPair()
    const url = `https://www.paypal.com@${EVIL}:${sites.port}/`
    // Even when the real host vouches for the key, the address misleads: not verified.
    sites.publish(EVIL, didWebDocument(sites.urlOf(EVIL), didOf(newKey)))
    const preview = await api['requests.preview']({ text: await request({ name: 'PayPal', id: didOf(newKey), url }, newKey) })
    sites.unpublish(EVIL)
    expect(preview.requester.verified).toBeNull()
    expect(preview.requester.check.state).toBe('not-checked')
    expect(kinds(preview)).toEqual(['url-user-info'])
    expect(preview.requester.warnings[0]!.message).toContain(`leads to ${EVIL}:${sites.port}, not "www.paypal.com"`)
  })

  it('offline (nothing listens): could not check, neutral, never verified', async () => {
    const api = await vault()
    // A port that was just free: nothing listens there any more.
    const closedPort = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as AddressInfo
        probe.close(() => resolve(port))
      })
    })
    const url = `https://${NORDBANK}:${closedPort}/`
    const preview = await api['requests.preview']({ text: await request({ ...nordbank(), url }, nordbankKey) })
    expect(preview.requester.verified).toBeNull()
    expect(preview.requester.check.state).toBe('could-not-check')
    expect(preview.requester.check.reason).toContain('nothing accepted the connection')
    expect(preview.requester.warnings).toEqual([])
  })

  it('keeps a binding for its HTTP lifetime: the second opening does not fetch again, a later one after max-age does', async () => {
    let now = Date.parse('2026-06-01T10:00:00Z')
    const api = await vault(() => now)
    const text = await request(nordbank(), nordbankKey)
    const before = sites.fetchesOf(NORDBANK)
    expect((await api['requests.preview']({ text })).requester.check.state).toBe('verified')
    expect((await api['requests.preview']({ text: await request(nordbank(), nordbankKey) })).requester.check.state).toBe('verified')
    expect(sites.fetchesOf(NORDBANK)).toBe(before + 1)
    now += 301_000 // past max-age=300
    expect((await api['requests.preview']({ text })).requester.check.state).toBe('verified')
    expect(sites.fetchesOf(NORDBANK)).toBe(before + 2)
  })

  it('does not keep a document served with no-store', async () => {
    const host = EVIL
    const key = newSigningKeyPair()
    sites.publish(host, didWebDocument(sites.urlOf(host), didOf(key)), { 'cache-control': 'no-store' })
    const api = await vault()
    const text = await request({ name: 'Evil Example', id: didOf(key), url: sites.urlOf(host) }, key)
    const before = sites.fetchesOf(host)
    expect((await api['requests.preview']({ text })).requester.verified).toEqual({ domain: `${host}:${sites.port}`, method: 'did:web' })
    await api['requests.preview']({ text })
    sites.unpublish(host)
    expect(sites.fetchesOf(host)).toBe(before + 2)
  })
})
