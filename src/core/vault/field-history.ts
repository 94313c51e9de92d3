import * as A from '@automerge/automerge'
import type { FieldVersion } from '../../shared/types.js'
import { readField, type RecordDoc } from './documents.js'

/**
 * The versions a field went through, oldest first, read from the record document's Automerge
 * history: one entry each time its value, type or tier changed (a removal has value null).
 */
export function fieldHistory(doc: A.Doc<RecordDoc>, field: string): FieldVersion[] {
  const versions: FieldVersion[] = []
  let previous = ''
  for (const state of A.getHistory(doc)) {
    const raw = state.snapshot[field]
    const stored = raw && readField(raw)
    const key = stored ? JSON.stringify([stored.value, stored.type, stored.tier]) : 'removed'
    if (key === previous || (!stored && versions.length === 0)) continue
    previous = key
    versions.push({
      version: versions.length + 1,
      value: stored?.value ?? null,
      type: stored?.type ?? null,
      tier: stored?.tier ?? null,
      at: stored?.updatedAt ?? new Date(state.change.time * 1000).toISOString(),
      device: stored?.device ?? state.change.message ?? 'unknown'
    })
  }
  return versions
}
