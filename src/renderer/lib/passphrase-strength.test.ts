import { describe, expect, it } from 'vitest'
import { passphraseStrength } from './passphrase-strength.js'

describe('passphrase strength', () => {
  it('calls common passwords weak and several unrelated words strong', () => {
    expect(passphraseStrength('password123').score).toBeLessThanOrEqual(1)
    expect(passphraseStrength('qwertyuiop').score).toBeLessThanOrEqual(1)
    expect(passphraseStrength('violet harbour cactus lantern').score).toBeGreaterThanOrEqual(3)
    expect(passphraseStrength('violet harbour cactus lantern').label).toMatch(/strong/i)
  })
})
