import { isMeVaultError } from '../../shared/errors.js'

/** A sentence for the person; MeVault errors already say what went wrong without personal data. */
export function describeError(error: unknown): string {
  if (isMeVaultError(error, 'WRONG_CREDENTIALS')) {
    return 'That passphrase does not open this vault. Check it (and Caps Lock) and try again.'
  }
  if (isMeVaultError(error, 'LOCKED')) return 'The vault is locked. Unlock it to go on.'
  if (error instanceof Error && error.message) return error.message
  return 'Something went wrong. Please try again.'
}
