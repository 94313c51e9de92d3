import { ZxcvbnFactory } from '@zxcvbn-ts/core'
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common'

// zxcvbn estimates how many guesses a passphrase would take (dictionaries, keyboard walks, l33t),
// which length rules alone cannot.
const estimator = new ZxcvbnFactory({ graphs: adjacencyGraphs, dictionary })

export const STRENGTH_LABELS = ['Very weak', 'Weak', 'Fair', 'Strong', 'Very strong'] as const

export interface PassphraseStrength {
  /** 0 (guessed at once) to 4 (out of reach). */
  score: 0 | 1 | 2 | 3 | 4
  label: (typeof STRENGTH_LABELS)[number]
}

export function passphraseStrength(passphrase: string): PassphraseStrength {
  const score = estimator.check(passphrase.slice(0, 256)).score as PassphraseStrength['score']
  return { score, label: STRENGTH_LABELS[score] }
}
