/**
 * The rule for a record's display name ("Passport", "Mum"), one for the API's check, the core and
 * the UI: trimmed, at most 100 characters, no control characters. Empty means "no name": the
 * record is shown by its key made readable again. The messages never quote the name (personal data).
 */
export const MAX_RECORD_NAME_LENGTH = 100

/** A record key, as the first half of a RECORD.FIELD path. */
export const RECORD_KEY_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/

// eslint-disable-next-line no-control-regex -- control characters would garble the name wherever it is shown
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/

/** Why `name` (already trimmed) cannot be a record's name, or undefined when it can. */
export function recordNameProblem(name: string): string | undefined {
  if ([...name].length > MAX_RECORD_NAME_LENGTH) return `a record name must be at most ${MAX_RECORD_NAME_LENGTH} characters`
  if (CONTROL.test(name)) return 'a record name cannot hold control characters (such as line breaks or tabs)'
  return undefined
}
