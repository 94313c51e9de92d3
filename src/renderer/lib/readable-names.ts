import { claimNamed } from '../../shared/claims.js'
import type { FieldView } from '../../shared/types.js'

/** A record's name as a heading: "home_address" reads "Home address". */
export function recordTitle(record: string): string {
  const words = record.replace(/[_-]+/g, ' ').trim()
  return words === '' ? record : words[0]!.toUpperCase() + words.slice(1)
}

/** How a record is shown: the name the person gave it, else its key made readable. */
export function recordDisplayName(record: string, name: string | undefined): string {
  return name ?? recordTitle(record)
}

/**
 * What a person reads for a field: the claim's label when the field answers for one ("Email" over
 * contact.email), else the field's own name as they typed it; the path is shown beside it.
 */
export function fieldLabel(field: Pick<FieldView, 'field' | 'claim'>): string {
  return (field.claim && claimNamed(field.claim)?.label) || field.field
}
