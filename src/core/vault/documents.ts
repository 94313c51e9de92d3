import { type BinaryDocumentId, type DocumentId, ImmutableString, interpretAsDocumentId } from '@automerge/automerge-repo'
import * as A from '@automerge/automerge'
import type { FieldType, Tier } from '../../shared/types.js'
import { sodium } from '../crypto/sodium.js'

/**
 * The vault is sharded: one small Automerge document per record, plus an index document naming
 * the records. Automerge's costs grow with document size, and a record is what people edit.
 *
 * Both shapes keep their entries at the document root, so two devices that create the same record
 * or field while apart merge into one map instead of two competing nested maps.
 */
export interface StoredField {
  type: ImmutableString
  tier: ImmutableString
  /** A value is replaced whole, never merged character by character. */
  value: ImmutableString
  updatedAt: ImmutableString
  device: ImmutableString
  /**
   * Set by a removal, instead of deleting the field: a removal and an edit made apart are then
   * both in the merged document, and the later of the two wins (see liveField).
   */
  removedAt?: ImmutableString
}

/** A field as the code uses it. */
export interface PlainField {
  type: FieldType
  tier: Tier
  value: string
  updatedAt: string
  device: string
}

/** A field's parts, each an immutable string (a whole value replaced, never merged letter by letter). */
export const PARTS = ['type', 'tier', 'value', 'updatedAt', 'device'] as const
const STAMP = new Set<string>(['updatedAt', 'device'])

/**
 * Every string is stored as an ImmutableString: Automerge 3 makes plain strings collaborative
 * text, which made a 100-field record twice as slow to load and four times as large.
 *
 * A value set on two devices while apart is a conflict; Automerge's own winner depends on actor
 * ids, which people cannot see, so the value written later (by its own timestamp) wins instead.
 * The ordering uses only the merged document, so every device picks the same winner.
 */
export function readField(stored: StoredField): PlainField {
  const plain = readParts(stored)
  const values = A.getConflicts(stored, 'value') as Conflicts | undefined
  if (!values || Object.keys(values).length < 2) return plain
  return { ...plain, ...latestWrite(stored, values, plain) }
}

/**
 * The parts as Automerge shows them, conflicts unresolved. For a document viewed at past heads,
 * where getConflicts() wrongly answers for the current heads (automerge 3.5.0).
 */
export function readParts(stored: StoredField): PlainField {
  return {
    type: stored.type.val as FieldType,
    tier: stored.tier.val as Tier,
    value: stored.value.val,
    updatedAt: stored.updatedAt.val,
    device: stored.device.val
  }
}

/** Each conflicting value paired with the time and device its own change wrote (same actor). */
function latestWrite(stored: StoredField, values: Conflicts, plain: PlainField): Pick<PlainField, 'value' | 'updatedAt' | 'device'> {
  const times = (A.getConflicts(stored, 'updatedAt') ?? {}) as Conflicts
  const devices = (A.getConflicts(stored, 'device') ?? {}) as Conflicts
  const byActor = (parts: Conflicts, actor: string): string | undefined => {
    const found = Object.entries(parts).find(([opId]) => actorOf(opId) === actor)
    return found && textOf(found[1])
  }
  const writes = Object.entries(values).map(([opId, value]) => ({
    opId,
    value: textOf(value),
    updatedAt: byActor(times, actorOf(opId)) ?? plain.updatedAt,
    device: byActor(devices, actorOf(opId)) ?? plain.device
  }))
  writes.sort((a, b) => a.updatedAt.localeCompare(b.updatedAt) || a.opId.localeCompare(b.opId))
  const { value, updatedAt, device } = writes.at(-1)!
  return { value, updatedAt, device }
}

const actorOf = (opId: string): string => opId.slice(opId.indexOf('@') + 1)
/** getConflicts() hands back an immutable string as a plain string. */
type Conflicts = Record<string, ImmutableString | string>
const textOf = (part: ImmutableString | string): string => (typeof part === 'string' ? part : part.val)

/** Writes only the parts that changed (and the stamp), so concurrent edits of different parts both survive. */
export function writeField(doc: RecordDoc, name: string, next: PlainField): void {
  const current = doc[name]
  if (!current) {
    doc[name] = Object.fromEntries(PARTS.map((part) => [part, new ImmutableString(next[part])])) as unknown as StoredField
    return
  }
  if (current.removedAt) delete current.removedAt // set again after a removal
  for (const part of PARTS) {
    if (current[part].val !== next[part]) current[part] = new ImmutableString(next[part])
    else if (STAMP.has(part)) {
      // The stamp is written with every change, even unchanged, so that a value that conflicts is
      // paired with its own change's time and device (readField). Automerge skips a put of an
      // equal value; a removal first makes it a new write.
      delete (current as Partial<StoredField>)[part]
      current[part] = new ImmutableString(next[part])
    }
  }
}

/**
 * Marks the field removed. Only `removedAt` is written, not the stamp: an edit made apart keeps
 * its own time unchallenged, and is compared with the removal's.
 */
export function removeField(doc: RecordDoc, name: string, at: string): void {
  doc[name]!.removedAt = new ImmutableString(at)
}

/** The field, or null when absent or removed later than it was last written. */
export function liveField(doc: RecordDoc, name: string): PlainField | null {
  const stored = doc[name]
  if (!stored) return null
  const field = readField(stored)
  return isRemoved(stored, field) ? null : field
}

/** A removal stands unless the field was written again since (a tie counts as removed). */
export const isRemoved = (stored: StoredField, field: PlainField): boolean =>
  stored.removedAt !== undefined && stored.removedAt.val >= field.updatedAt

/** Record document: field name → field. */
export type RecordDoc = Record<string, StoredField>

/**
 * Index document: record name → when it was first made. Readers use only the names. A new entry is
 * a timestamp, one value; entries written before it are a map `{ createdAt }`, and both stand side
 * by side (a device that writes maps still reads the names of one that writes timestamps). A map per
 * entry cost an import of 10,000 rows 10,000 more Automerge objects: about 4× the time to write and
 * to load, in the one document that grows with the vault.
 */
export type IndexDoc = Record<string, IndexEntry>
export type IndexEntry = Date | { createdAt: ImmutableString }

/**
 * Document ids come from the vault key and the record name, so every device finds the same
 * document for "contact" without asking, and the ids on disk say nothing about the names.
 */
export function documentIdFor(vaultKey: Uint8Array, name: string): DocumentId {
  const bytes = sodium().crypto_generichash(16, `mevault.document/1:${name}`, vaultKey)
  // The id automerge-repo gives those bytes (base58check), encoded once: not through a URL and back,
  // which checksummed it twice more for every record an import names.
  return interpretAsDocumentId(bytes as BinaryDocumentId)
}

export const INDEX_DOCUMENT = '\u0000index'
export const recordDocumentName = (record: string): string => `record:${record}`
