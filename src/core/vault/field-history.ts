import * as A from '@automerge/automerge'
import type { FieldVersion } from '../../shared/types.js'
import { isRemoved, liveField, type PlainField, readParts, type RecordDoc } from './documents.js'

/** Parts whose change makes a new version; a new timestamp alone does not. */
const VERSIONED_PARTS = new Set(['value', 'type', 'tier', 'removedAt'])

interface Entry {
  hash: string
  /** Length of the longest chain of changes leading here: orders changes made in the same millisecond. */
  depth: number
  field: PlainField | null
  at: string
  device: string
}

/**
 * The versions a field went through, oldest first: one per change that set its value, type or tier
 * or removed it (value null), read as that change's author saw the field right after writing it.
 *
 * Built from the changes themselves, not from Automerge's linearised history: that order differs
 * between devices, and a concurrent value that lost would vanish from it. Here every device lists
 * the same versions, in the order they were written, and the last one is the field as it is now.
 */
export function fieldHistory(doc: A.Doc<RecordDoc>, field: string): FieldVersion[] {
  const entries = changesTouching(doc, field).map(({ change, depth }): Entry => {
    // Right after its own change, the author's view holds no conflict in the parts it wrote.
    const stored = A.view(doc, [change.hash])[field]
    const parts = stored && readParts(stored)
    const plain = parts && !isRemoved(stored, parts) ? parts : null
    return {
      hash: change.hash,
      depth,
      field: plain,
      at: plain?.updatedAt ?? stored?.removedAt?.val ?? new Date(change.time * 1000).toISOString(),
      device: plain?.device ?? change.message ?? 'unknown'
    }
  })
  entries.sort((a, b) => a.at.localeCompare(b.at) || a.depth - b.depth || a.hash.localeCompare(b.hash))

  // Two edits made apart merge into a state neither device wrote (one's tier, the other's
  // value; or a delete that beat a later edit): that state closes the history.
  const current = liveField(doc, field)
  const last = entries.at(-1)
  if (last && keyOf(last.field) !== keyOf(current)) {
    entries.push({ hash: '', depth: Infinity, field: current, at: current?.updatedAt ?? last.at, device: current?.device ?? last.device })
  }

  const versions: FieldVersion[] = []
  let previous = keyOf(null)
  for (const entry of entries) {
    const key = keyOf(entry.field)
    if (key === previous) continue // a timestamp-only change, or a removal before the first value
    previous = key
    versions.push({
      version: versions.length + 1,
      value: entry.field?.value ?? null,
      type: entry.field?.type ?? null,
      tier: entry.field?.tier ?? null,
      at: entry.at,
      device: entry.device
    })
  }
  return versions
}

const keyOf = (field: PlainField | null): string => (field ? JSON.stringify([field.value, field.type, field.tier]) : 'removed')

/** The changes that made, removed, or set a versioned part of the field (every copy of it). */
function changesTouching(doc: A.Doc<RecordDoc>, field: string): Array<{ change: A.DecodedChange; depth: number }> {
  const copies = new Set<string>() // the maps ever stored under this name (re-created after a removal, or made on two devices)
  const depths = new Map<string, number>()
  const touching: Array<{ change: A.DecodedChange; depth: number }> = []
  // Changes come in causal order, so a map is made before anything is set in it, and deps come first.
  for (const bytes of A.getAllChanges(doc)) {
    const change = A.decodeChange(bytes)
    const depth = 1 + Math.max(0, ...change.deps.map((dep) => depths.get(dep) ?? 0))
    depths.set(change.hash, depth)
    let touches = false
    change.ops.forEach((op, i) => {
      if (op.obj === '_root' && op.key === field) {
        if (op.action === 'makeMap') copies.add(`${change.startOp + i}@${change.actor}`)
        touches = true
      } else if (copies.has(op.obj) && VERSIONED_PARTS.has(String(op.key))) {
        touches = true
      }
    })
    if (touches) touching.push({ change, depth })
  }
  return touching
}
