import { ZxcvbnFactory } from '@zxcvbn-ts/core'
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common'

// zxcvbn estimates how many guesses a passphrase would take (dictionaries, keyboard walks, l33t,
// dates, repeats), which length rules alone cannot. One estimator for the UI and the CLI.
const estimator = new ZxcvbnFactory({ graphs: adjacencyGraphs, dictionary })

export const STRENGTH_LABELS = ['Very weak', 'Weak', 'Fair', 'Strong', 'Very strong'] as const

/**
 * Below this score a new passphrase is weak: accepted only after an explicit "use it anyway".
 * zxcvbn's 3 is about 10^10 guesses; the vault's Argon2id slows each one, but a stolen device
 * carries the secret key beside the vault, and then the passphrase is all that is left.
 */
export const STRONG_ENOUGH_SCORE = 3

export interface PassphraseStrength {
  /** 0 (guessed at once) to 4 (out of reach). */
  score: 0 | 1 | 2 | 3 | 4
  label: (typeof STRENGTH_LABELS)[number]
  /** Below STRONG_ENOUGH_SCORE. */
  weak: boolean
  /** Why it is weak and what would help, in plain words (empty when it is not weak). */
  reasons: string[]
}

// zxcvbn's feedback comes as keys; these are our words for them.
const WARNINGS: Record<string, string> = {
  straightRow: 'A row of keys on the keyboard is easy to guess.',
  keyPattern: 'A short keyboard pattern is easy to guess.',
  simpleRepeat: 'Repeated characters like "aaa" are easy to guess.',
  extendedRepeat: 'Repeated patterns like "abcabc" are easy to guess.',
  sequences: 'Sequences like "abc" or "123" are easy to guess.',
  recentYears: 'Recent years are easy to guess.',
  dates: 'Dates are easy to guess.',
  topTen: 'This is one of the ten most used passwords.',
  topHundred: 'This is one of the hundred most used passwords.',
  common: 'This is a commonly used password.',
  similarToCommon: 'This is close to a commonly used password.',
  wordByItself: 'A single word is easy to guess.',
  namesByThemselves: 'Names on their own are easy to guess.',
  commonNames: 'Common names are easy to guess.',
  userInputs: 'It contains personal or page-related words.',
  pwned: 'This password appeared in a data breach.'
}
const SUGGESTIONS: Record<string, string> = {
  l33t: 'Letter swaps like "@" for "a" do not help much.',
  reverseWords: 'Spelling a word backwards does not help much.',
  allUppercase: 'Capitalise some letters, not all.',
  capitalization: 'Capitals at the start only do not help much.',
  dates: 'Avoid dates and years that belong to you.',
  recentYears: 'Avoid recent years.',
  associatedYears: 'Avoid years that belong to you.',
  sequences: 'Avoid sequences.',
  repeated: 'Avoid repeated words and characters.',
  longerKeyboardPattern: 'Use longer keyboard patterns with several turns.',
  anotherWord: 'Add more words, less common ones.',
  useWords: 'Use several words, avoid common phrases.',
  noNeed: 'You can make strong passphrases without symbols, numbers or capitals.',
  pwned: 'If you use it elsewhere, change it there too.'
}

export function passphraseStrength(passphrase: string): PassphraseStrength {
  const result = estimator.check(passphrase.slice(0, 256))
  const score = result.score as PassphraseStrength['score']
  const weak = score < STRONG_ENOUGH_SCORE
  const reasons = weak
    ? [
        ...(result.feedback.warning ? [WARNINGS[result.feedback.warning] ?? 'It is easy to guess.'] : []),
        ...result.feedback.suggestions.map((key) => SUGGESTIONS[key]).filter((text): text is string => text !== undefined),
        'A few unrelated words (four or more) make a strong passphrase that is easy to remember.'
      ]
    : []
  return { score, label: STRENGTH_LABELS[score], weak, reasons: [...new Set(reasons)] }
}
