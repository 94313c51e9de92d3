/**
 * The error kinds every face of MeVault (CLI, IPC, HTTP) reports. Messages never carry field values.
 */
export const ERROR_CODES = [
  'BAD_INPUT', // malformed path, value, request or option
  'WRONG_CREDENTIALS', // passphrase or secret key does not open the vault
  'INTEGRITY', // stored data failed authentication or is damaged
  'NOT_FOUND', // no such vault, record, field or version
  'BUSY', // another process holds the vault
  'EXISTS', // refusing to overwrite something that is there
  'LOCKED' // the vault must be unlocked first
] as const
export type ErrorCode = (typeof ERROR_CODES)[number]

export class MeVaultError extends Error {
  readonly code: ErrorCode
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'MeVaultError'
    this.code = code
  }
}

export const badInput = (message: string): MeVaultError => new MeVaultError('BAD_INPUT', message)
export const notFound = (message: string): MeVaultError => new MeVaultError('NOT_FOUND', message)
export const integrity = (message: string, cause?: unknown): MeVaultError =>
  new MeVaultError('INTEGRITY', message, { cause })

export function isMeVaultError(error: unknown, code?: ErrorCode): error is MeVaultError {
  return error instanceof MeVaultError && (code === undefined || error.code === code)
}
