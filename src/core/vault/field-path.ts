import { badInput } from '../../shared/errors.js'

const NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/

export interface FieldPath {
  record: string
  field: string
  path: string
}

/** "RECORD.FIELD", e.g. "contact.email": names of letters, digits, "-" and "_". */
export function parseFieldPath(path: string): FieldPath {
  const parts = typeof path === 'string' ? path.split('.') : []
  const [record, field] = parts
  if (parts.length !== 2 || !record || !field || !NAME.test(record) || !NAME.test(field)) {
    throw badInput(
      `"${String(path).slice(0, 80)}" is not a field path: use RECORD.FIELD with letters, digits, "-" and "_" (e.g. contact.email)`
    )
  }
  return { record, field, path: `${record}.${field}` }
}

export function parseRecordName(name: string): string {
  if (typeof name !== 'string' || !NAME.test(name)) {
    throw badInput('A record name uses letters, digits, "-" and "_" (e.g. contact)')
  }
  return name
}
