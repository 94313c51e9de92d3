import * as A from '@automerge/automerge'
import { randomBytesFromPool } from '../crypto/random-pool.js'
import type { DocumentView } from '../store/document-views.js'
import { PARTS, type PlainField } from './documents.js'
import type { RecordContent } from './record-state.js'

/**
 * Every record document starts from these bytes (an empty document, no change), so a record
 * started on two devices is one document that merges.
 */
export const EMPTY_DOCUMENT = A.save(A.init())

/** The empty document's Automerge object, cloned for each new record (kept for the process's life). */
const EMPTY_BACKEND = A.getBackend(A.init())

/** A new record's document as stored (one snapshot), and its view (the read model). */
export interface NewRecord {
  bytes: Uint8Array
  view: DocumentView<RecordContent>
}

/**
 * A new record made with Automerge's document directly: from the empty start, one change putting
 * each field as writeField() puts a new one (a map of immutable strings). That is what a DocHandle
 * would hold after the same change, made without a handle's state machine, events and sync set-up,
 * and without the JavaScript proxies and patches a change through A.change() pays for: many new
 * records (an import of thousands of rows) are made in one go, and loaded through the Repo only
 * when opened later.
 */
export function newRecord(record: string, writes: ReadonlyArray<readonly [string, PlainField]>, options: { message: string; time: number }): NewRecord {
  const fields = new Map(writes) // a field written twice in one call: the last write stands, as in a change
  // A fresh empty document (what EMPTY_DOCUMENT holds) with its actor from the pooled CSPRNG, as
  // Automerge's own object only: A.init() would also set up the JavaScript document and draw an actor
  // with a CSPRNG call of its own, six times the cost, which an import pays per row.
  const backend = EMPTY_BACKEND.clone(bytesToHex(randomBytesFromPool(16)))
  try {
    // The whole root in one call into WebAssembly: a map per field, each part an immutable string
    // (what writeField() puts). Half the cost of a call per part, which an import pays 15 times a row.
    const root: Record<string, Record<string, A.ImmutableString>> = {}
    for (const [field, value] of fields) root[field] = Object.fromEntries(PARTS.map((part) => [part, new A.ImmutableString(value[part])]))
    backend.initRootFromHydrate(root)
    const heads = backend.commit(options.message, options.time) === null ? [] : backend.getHeads()
    const content: RecordContent = [...fields]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([field, f]) => [field, f.type, f.tier, f.value, f.updatedAt, f.device])
    // Uncompressed: a new record's columns are small (Automerge deflates only columns over 256 bytes),
    // and save() takes twice as long finding that out. automerge-repo's next compaction compresses it.
    return { bytes: backend.saveNoCompress(), view: { kind: 'record', name: record, heads, pending: false, content } }
  } finally {
    backend.free() // WebAssembly memory, not collected promptly
  }
}

function bytesToHex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex')
}
