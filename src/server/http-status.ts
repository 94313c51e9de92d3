import type { WireErrorCode } from '../shared/api.js'

/** HTTP status per error code; the JSON body always carries the precise code and message. */
const STATUS: Readonly<Record<WireErrorCode, number>> = {
  BAD_INPUT: 400,
  WRONG_CREDENTIALS: 422,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  EXISTS: 409,
  LOCKED: 423,
  BUSY: 503,
  READ_ONLY: 409,
  DISK_FULL: 507,
  INTEGRITY: 500,
  // Another device's answer (or silence), relayed: the request itself was fine.
  PEER_REFUSED: 502,
  PEER_UNKNOWN: 502,
  CONNECTION_LOST: 502,
  UNREACHABLE: 502,
  TIMED_OUT: 504,
  NEWER_SCHEMA: 409,
  INTERNAL: 500
}

export function statusForError(code: WireErrorCode): number {
  return STATUS[code]
}
