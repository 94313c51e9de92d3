// An error as it crosses a transport, turned back into ours. Apart from api.ts (which re-exports
// it) so that a client of the front door (the CLI while a holder runs) needs no zod to read one.
import type { WireError } from './api.js'
import { ERROR_CODES, type ErrorCode, MeVaultError } from './errors.js'

export const INTERNAL_MESSAGE = 'MeVault hit an unexpected error; see the app log for details'

function isWireError(value: unknown): value is WireError {
  if (typeof value !== 'object' || value === null) return false
  const { code, message } = value as Record<string, unknown>
  return typeof code === 'string' && typeof message === 'string'
}

/** On the renderer side: a MeVaultError again when the code is one of ours, a plain Error otherwise. */
export function fromWireError(error: unknown): Error {
  if (error instanceof MeVaultError) return error
  if (isWireError(error)) {
    const known = (ERROR_CODES as readonly string[]).includes(error.code)
    return known ? new MeVaultError(error.code as ErrorCode, error.message) : new Error(error.message)
  }
  return new Error(INTERNAL_MESSAGE)
}
