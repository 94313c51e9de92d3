import { stringify } from 'csv-stringify/sync'
import { claimNamed } from '../../shared/claims.js'
import type { FieldView } from '../../shared/types.js'

/**
 * The chosen fields as a CSV of one header row and one row of values (csv-stringify quotes what
 * needs it). A field that carries a claim at the claim's own path is headed by the claim's name
 * (email, address.locality), any other by its RECORD.FIELD path: `mevault import` reads both back
 * to the same places (docs/import.md).
 */
export function fieldsAsCsv(fields: readonly FieldView[]): string {
  const header = fields.map((field) => (field.claim !== undefined && claimNamed(field.claim)?.path === field.path ? field.claim : field.path))
  return stringify([header, fields.map((field) => field.value)], { record_delimiter: 'windows' })
}
