import type { ErrorCode } from '../shared/errors.js'

/** Documented in docs/cli.md; scripts rely on them, so they never change meaning. */
export const EXIT = {
  OK: 0,
  UNEXPECTED: 1,
  BAD_INPUT: 2,
  WRONG_CREDENTIALS: 3,
  INTEGRITY: 4,
  NOT_FOUND: 5,
  BUSY: 6,
  READ_ONLY: 7,
  DISK_FULL: 8,
  /** Done, but some input was left out (`sync folder`: files it could not read); what could be used was. */
  SKIPPED: 10,
  /** The other device does not accept this one (not paired with it, or it revoked this device). */
  PEER_REFUSED: 11,
  /** The other device is not one this vault trusts (not paired, revoked, or not a MeVault device). */
  PEER_UNKNOWN: 12,
  /** The connection was cut before the exchange finished; running it again continues where it stopped. */
  CONNECTION_LOST: 13,
  /** Nothing answered at the address. */
  UNREACHABLE: 14,
  /** The other device stopped answering in time. */
  TIMED_OUT: 15,
  /** A synced document was written by a newer MeVault; update MeVault on this device. */
  NEWER_SCHEMA: 16,
  /** The answer or notice was made and kept in the ledger, but posting it to the requester failed. */
  NOT_DELIVERED: 17
} as const

export function exitCodeFor(code: ErrorCode): number {
  switch (code) {
    case 'BAD_INPUT':
    case 'EXISTS':
      return EXIT.BAD_INPUT
    case 'WRONG_CREDENTIALS':
    case 'LOCKED':
      return EXIT.WRONG_CREDENTIALS
    case 'INTEGRITY':
      return EXIT.INTEGRITY
    case 'NOT_FOUND':
      return EXIT.NOT_FOUND
    case 'BUSY':
      return EXIT.BUSY
    case 'READ_ONLY':
      return EXIT.READ_ONLY
    case 'DISK_FULL':
      return EXIT.DISK_FULL
    case 'PEER_REFUSED':
    case 'PEER_UNKNOWN':
    case 'CONNECTION_LOST':
    case 'UNREACHABLE':
    case 'TIMED_OUT':
    case 'NEWER_SCHEMA':
      return EXIT[code]
  }
}
