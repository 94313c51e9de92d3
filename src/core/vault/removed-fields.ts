import type * as A from '@automerge/automerge'
import type { RemovedField } from '../../shared/types.js'
import { liveField, type RecordDoc } from './documents.js'
import { fieldHistory } from './field-history.js'

/**
 * The record's fields that are removed now (the trash), each with when it was removed and the last
 * version that had a value: restoring that version brings back its value, type and tier.
 */
export function removedFields(record: string, doc: A.Doc<RecordDoc>): RemovedField[] {
  const removed: RemovedField[] = []
  for (const field of Object.keys(doc)) {
    if (liveField(doc, field)) continue
    const versions = fieldHistory(doc, field)
    const last = versions.findLast((v) => v.value !== null)
    const removal = versions.at(-1)
    // A field never given a value has nothing to bring back.
    if (!last || !removal || removal.value !== null) continue
    removed.push({
      path: `${record}.${field}`,
      record,
      field,
      removedAt: removal.at,
      removedOn: removal.device,
      lastVersion: last.version,
      value: last.value!,
      type: last.type ?? 'text',
      tier: last.tier ?? 'private'
    })
  }
  return removed
}
