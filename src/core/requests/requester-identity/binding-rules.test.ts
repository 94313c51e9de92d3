import { describe, expect, it } from 'vitest'
import { bindingInDocument, didWebDocument, didWebTarget } from './did-web.js'
import { cacheLifetimeMs, MAX_BINDING_LIFETIME_MS } from './http-lifetime.js'
import { imitated } from './lookalike.js'
import { mixedScripts } from './mixed-script.js'

// RFC 8032 TEST 2 key (the examples' bank) and RFC 8032 TEST 1 key: two real Ed25519 did:keys.
const KEY = 'did:key:z6MkiaMbhXHNA4eJVCCj8dbzKzTgYDKf6crKgHVHid1F1WCT'
const OTHER = 'did:key:z6MktwupdmLXVVqTzCw4i46r4uGyosGXRnR3XjN4Zq7oMMsw'
const URL_ = 'https://nordbank.example.com/savings?x=1'
const DID = 'did:web:nordbank.example.com'

describe('did:web binding rules (docs/formats/requester-binding.md)', () => {
  it('finds the document at the host’s well-known path, with a port %3A-encoded in the DID', () => {
    expect(didWebTarget(URL_)).toEqual({ did: DID, documentUrl: 'https://nordbank.example.com/.well-known/did.json', domain: 'nordbank.example.com' })
    expect(didWebTarget('https://Nordbank.Example.com:8443/')).toEqual({
      did: 'did:web:nordbank.example.com%3A8443',
      documentUrl: 'https://nordbank.example.com:8443/.well-known/did.json',
      domain: 'nordbank.example.com:8443'
    })
  })

  it('holds for the published document, with the key referenced in full, relatively or embedded', () => {
    expect(bindingInDocument(didWebDocument(URL_, KEY), DID, KEY)).toEqual({ holds: true })
    const method = { id: '#k', type: 'Multikey', publicKeyMultibase: KEY.slice(8) }
    expect(bindingInDocument({ id: DID, verificationMethod: [method], assertionMethod: ['#k'] }, DID, KEY).holds).toBe(true)
    expect(bindingInDocument({ id: DID, assertionMethod: [{ ...method, id: `${DID}#k` }] }, DID, KEY).holds).toBe(true)
  })

  it('does not hold for another key, another DID, a key only under authentication, or another controller', () => {
    const doc = didWebDocument(URL_, KEY)
    expect(bindingInDocument(doc, DID, OTHER)).toEqual({ holds: false, reason: 'the domain does not list this request’s key under assertionMethod' })
    expect(bindingInDocument(doc, 'did:web:evil.example', KEY).holds).toBe(false)
    expect(bindingInDocument({ ...doc, assertionMethod: [], authentication: doc.assertionMethod }, DID, KEY).holds).toBe(false)
    const [method] = doc.verificationMethod as Array<Record<string, unknown>>
    expect(bindingInDocument({ ...doc, verificationMethod: [{ ...method, controller: 'did:web:evil.example' }] }, DID, KEY).holds).toBe(false)
    expect(bindingInDocument([doc], DID, KEY).holds).toBe(false)
  })
})

describe('how long a binding is kept', () => {
  it('follows max-age, capped at a day; keeps nothing for no-store, no-cache or no max-age', () => {
    expect(cacheLifetimeMs({ 'cache-control': 'public, max-age=300' })).toBe(300_000)
    expect(cacheLifetimeMs({ 'cache-control': 'max-age=31536000' })).toBe(MAX_BINDING_LIFETIME_MS)
    expect(cacheLifetimeMs({ 'cache-control': 'max-age=300, no-store' })).toBe(0)
    expect(cacheLifetimeMs({ 'cache-control': 'no-cache' })).toBe(0)
    expect(cacheLifetimeMs({})).toBe(0)
  })
})

describe('names that deserve a second look', () => {
  it('flags Latin mixed with Cyrillic or Greek, not one script or a real-world Latin + Japanese name', () => {
    expect(mixedScripts('G\u043e\u043egle')).toEqual(['Latin', 'Cyrillic'])
    expect(mixedScripts('\u0391pple')).toEqual(['Greek', 'Latin'])
    expect(mixedScripts('Nordbank Savings 24/7')).toBeUndefined()
    expect(mixedScripts('Сбербанк')).toBeUndefined()
    expect(mixedScripts('Sony ソニー株式会社')).toBeUndefined()
  })

  it('finds the known name another one imitates (homoglyphs, rn for m, case), not the same name or a different one', async () => {
    const known = ['Nordbank Savings', 'Microsoft']
    expect(await imitated('N\u043erdbank Savings', known)).toBe('Nordbank Savings')
    expect(await imitated('Rnicrosoft', known)).toBe('Microsoft')
    expect(await imitated('NORDBANK SAVINGS', known)).toBe('Nordbank Savings')
    expect(await imitated('Nordbank Savings', known)).toBeUndefined()
    expect(await imitated('Südbank Savings', known)).toBeUndefined()
  })
})
