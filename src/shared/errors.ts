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
  'LOCKED', // the vault must be unlocked first
  'READ_ONLY', // the vault's folder or disk cannot be written: it can be read, not changed
  'DISK_FULL', // no space left: the change was not saved (what was saved before is intact)
  // Sync and pairing with another device: each failure its own kind, never told apart by log text.
  'PEER_REFUSED', // the other device does not accept this one (not paired with it, or revoked it)
  'PEER_UNKNOWN', // the other device is not one this vault trusts (not paired, revoked, or not a MeVault device)
  'CONNECTION_LOST', // the connection was cut before the exchange finished (inside the handshake too)
  'UNREACHABLE', // nothing answered at the address
  'TIMED_OUT', // the other device answered, then stopped answering in time
  'NEWER_SCHEMA' // a synced document was written by a newer MeVault: refused whole, never half-read
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

/** Why a change to a read-only vault is refused (a read-only folder, disk or mount). */
export const readOnly = (dir: string): MeVaultError =>
  new MeVaultError('READ_ONLY', `The vault in ${dir} is read-only here (its folder or disk cannot be written): it can be read, not changed`)

/** A change that did not fit on the disk; nothing of it was saved, what was saved before is intact. */
export const diskFull = (cause?: unknown): MeVaultError =>
  new MeVaultError(
    'DISK_FULL',
    'The disk is full: this change was not saved (what was saved before is intact); free some space and try again',
    { cause }
  )

// SQLITE_IOERR_SHMSIZE: SQLite could not grow vault.db-shm, which on opening means no space left.
const DISK_FULL_CODES = new Set(['SQLITE_FULL', 'SQLITE_IOERR_SHMSIZE', 'ENOSPC', 'EDQUOT'])

/**
 * A storage fault with a clear meaning for the person (full disk, read-only medium), from SQLite
 * or the file system, as a MeVaultError; anything else is returned unchanged. Used where errors
 * leave the core (CLI, IPC, HTTP), so every write path reports them the same way.
 */
export function asStorageFault(error: unknown): unknown {
  if (error instanceof MeVaultError) return error
  const { code, path } = (error ?? {}) as { code?: unknown; path?: unknown }
  if (typeof code !== 'string') return error
  if (DISK_FULL_CODES.has(code)) {
    // A file of the person's choosing (an export, a key file) rather than the vault.
    if (typeof path === 'string') return new MeVaultError('DISK_FULL', `The disk is full: ${path} could not be written; free some space and try again`, { cause: error })
    return diskFull(error)
  }
  // SQLite's extended codes (SQLITE_READONLY_DBMOVED…) all mean the vault file cannot be written.
  if (code === 'SQLITE_READONLY' || code.startsWith('SQLITE_READONLY_')) {
    return new MeVaultError('READ_ONLY', 'The vault is read-only here (its folder or disk cannot be written): it can be read, not changed', {
      cause: error
    })
  }
  if (code === 'EROFS') {
    const what = typeof path === 'string' ? path : 'the file'
    return new MeVaultError('READ_ONLY', `Cannot write ${what}: its disk is read-only`, { cause: error })
  }
  return error
}
