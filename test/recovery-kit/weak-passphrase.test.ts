import { describe, expect, it } from 'vitest'
import { passphraseStrength } from '../../src/shared/passphrase-strength.js'

describe('the weak-passphrase rule', () => {
  it('calls common, short and patterned passphrases weak, and says why', () => {
    for (const weak of ['password1', 'hunter22', 'qwertyuiop', 'aaaaaaaaaaaa', '12345678', 'iloveyou2026']) {
      const strength = passphraseStrength(weak)
      expect(strength.weak, weak).toBe(true)
      expect(strength.reasons.length, weak).toBeGreaterThan(0)
    }
    expect(passphraseStrength('password1').reasons[0]).toBe('This is a commonly used password.')
    expect(passphraseStrength('qwertyuiop').reasons[0]).toMatch(/keyboard|most used|commonly used/)
  })

  it('lets several unrelated words through without a word of warning', () => {
    for (const strong of ['violet harbour cactus lantern', 'correct horse battery staple', 'Tr0ub4dour&3-mill-oak']) {
      expect(passphraseStrength(strong)).toMatchObject({ weak: false, reasons: [] })
    }
  })

  it('never sends a reason in zxcvbn’s internal keys', () => {
    for (const text of ['abcabcabc', 'Password', 'john1990', 'drowssap', 'P@ssw0rd', 'zxcvbn12']) {
      for (const reason of passphraseStrength(text).reasons) expect(reason).toMatch(/^[A-Z].*\.$/)
    }
  })
})
