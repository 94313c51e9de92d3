import type { FieldView } from '../../shared/types.js'
import { requestedKey, type RequestedField } from './request-schema.js'

/**
 * Which vault field answers each requested line, by its requested key: for a `path` line the field
 * at that path, for a `claim` line the field tagged with that claim (FieldView.claim, see
 * core/claims/claim-tags.ts). A line no field answers is absent. The decision and the packet
 * builder both resolve through here, so the consent screen and the packet never disagree.
 */
export function answeringFields(wanted: readonly RequestedField[], fields: readonly FieldView[]): Map<string, FieldView> {
  const byPath = new Map<string, FieldView>()
  const byClaim = new Map<string, FieldView>()
  for (const field of fields) {
    if (!byPath.has(field.path)) byPath.set(field.path, field)
    if (field.claim !== undefined && !byClaim.has(field.claim)) byClaim.set(field.claim, field)
  }
  const answers = new Map<string, FieldView>()
  for (const line of wanted) {
    const field = line.claim === undefined ? byPath.get(line.path ?? '') : byClaim.get(line.claim)
    if (field) answers.set(requestedKey(line), field)
  }
  return answers
}
