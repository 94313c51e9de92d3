import { beforeAll, describe, expect, it } from 'vitest'
import { derivePassphraseKey, newKdfParams, useDerivedAhead } from './kdf.js'
import { loadSodium } from './sodium.js'

beforeAll(async () => {
  await loadSodium()
})

describe('a passphrase key derived ahead (the CLI derives it on a worker thread)', () => {
  it('is used once, and only for the very passphrase and parameters it was derived for', () => {
    const params = newKdfParams({ opslimit: 1, memlimit: 64 * 1024 * 1024 })
    const real = derivePassphraseKey('the right passphrase', params)
    const ahead = real.slice()

    // Another passphrase, or another salt, never gets the key derived ahead: a wrong passphrase stays wrong.
    useDerivedAhead('the right passphrase', params, ahead)
    expect(derivePassphraseKey('a wrong passphrase', params)).not.toEqual(real)
    useDerivedAhead('the right passphrase', params, ahead)
    expect(derivePassphraseKey('the right passphrase', { ...params, salt: newKdfParams(params).salt })).not.toEqual(real)

    // The matching call takes it (the same array, not derived again); the next one derives again.
    useDerivedAhead('the right passphrase', params, ahead)
    expect(derivePassphraseKey('the right passphrase', params)).toBe(ahead)
    const again = derivePassphraseKey('the right passphrase', params)
    expect(again).not.toBe(ahead)
    expect(again).toEqual(real)
  })
})
