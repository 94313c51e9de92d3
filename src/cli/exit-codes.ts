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
  SKIPPED: 10
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
  }
}
