import { beforeAll, describe, expect, it } from 'vitest'
import { didKeyFromPublicKey, publicKeyFromDidKey } from './did-key.js'
import { loadSodium } from './sodium.js'
import { newSigningKeyPair } from './identity.js'

beforeAll(async () => {
  await loadSodium()
})

describe('did:key', () => {
  it('matches the W3C did:key test vector for Ed25519', () => {
    // From the did:key spec (test-vectors/ed25519-x25519.json).
    const did = 'did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp'
    const key = publicKeyFromDidKey(did)
    expect(key).toHaveLength(32)
    expect(didKeyFromPublicKey(key)).toBe(did)
  })

  it('round-trips a fresh key and starts with z6Mk', () => {
    const { publicKey } = newSigningKeyPair()
    const did = didKeyFromPublicKey(publicKey)
    expect(did).toMatch(/^did:key:z6Mk[1-9A-HJ-NP-Za-km-z]+$/)
    expect(publicKeyFromDidKey(did)).toEqual(publicKey)
  })

  it('refuses what is not an Ed25519 did:key', () => {
    expect(() => publicKeyFromDidKey('did:web:example.com')).toThrow(/Not a did:key/)
    expect(() => publicKeyFromDidKey('did:key:z0OIl')).toThrow(/base58/)
    expect(() => publicKeyFromDidKey('did:key:zDnaerDaTF5BXEavCrfRZEk316dpbLsfPDZ3WJ5hRTPFU2169')).toThrow(/Ed25519/)
  })
})
