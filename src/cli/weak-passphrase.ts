import { createInterface } from 'node:readline/promises'
import { MeVaultError } from '../shared/errors.js'
import { note } from './output.js'

/**
 * A new vault's passphrase, checked before anything is made: a weak one is used only when the
 * person says so. At a terminal they are told why and asked; a script (the passphrase from
 * MEVAULT_PASSPHRASE, or no terminal) must pass --weak-passphrase-ok, else nothing is created.
 */
export async function acceptWeakPassphrase(passphrase: string, options: { weakOk: boolean; typed: boolean }): Promise<void> {
  const { passphraseStrength } = await import('../shared/passphrase-strength.js')
  const strength = passphraseStrength(passphrase)
  if (!strength.weak) return
  const why = strength.reasons.join(' ')
  if (options.weakOk) {
    note(`Warning: the passphrase is weak (${strength.label.toLowerCase()}): ${why}`)
    return
  }
  if (!options.typed || !process.stdin.isTTY) {
    throw new MeVaultError(
      'BAD_INPUT',
      `The passphrase is weak (${strength.label.toLowerCase()}): ${why} Choose a stronger one, or pass --weak-passphrase-ok to use it anyway`
    )
  }
  note(`The passphrase is weak (${strength.label.toLowerCase()}): ${why}`)
  const prompt = createInterface({ input: process.stdin, output: process.stderr })
  try {
    const answer = await prompt.question('Use it anyway? [y/N] ')
    if (!/^y(es)?$/i.test(answer.trim())) throw new MeVaultError('BAD_INPUT', 'No vault created: choose a stronger passphrase')
  } finally {
    prompt.close()
  }
}
