import {
  type BinaryDocumentId,
  type DocumentId,
  ImmutableString,
  parseAutomergeUrl,
  stringifyAutomergeUrl
} from '@automerge/automerge-repo'
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
}

/** A field as the code uses it. */
export interface PlainField {
  type: FieldType
  tier: Tier
  value: string
  updatedAt: string
  device: string
}

const PARTS = ['type', 'tier', 'value', 'updatedAt', 'device'] as const

/**
 * Every string is stored as an ImmutableString: Automerge 3 makes plain strings collaborative
 * text, which made a 100-field record twice as slow to load and four times as large.
 */
export function readField(stored: StoredField): PlainField {
  return {
    type: stored.type.val as FieldType,
    tier: stored.tier.val as Tier,
    value: stored.value.val,
    updatedAt: stored.updatedAt.val,
    device: stored.device.val
  }
}

/** Writes only the parts that changed, so concurrent edits of different parts both survive. */
export function writeField(doc: RecordDoc, name: string, next: PlainField): void {
  const current = doc[name]
  if (!current) {
    doc[name] = Object.fromEntries(PARTS.map((part) => [part, new ImmutableString(next[part])])) as unknown as StoredField
    return
  }
  for (const part of PARTS) {
    if (current[part].val !== next[part]) current[part] = new ImmutableString(next[part])
  }
}

/** Record document: field name → field. */
export type RecordDoc = Record<string, StoredField>

/** Index document: record name → when it was first made. */
export type IndexDoc = Record<string, { createdAt: ImmutableString }>

/**
 * Document ids come from the vault key and the record name, so every device finds the same
 * document for "contact" without asking, and the ids on disk say nothing about the names.
 */
export function documentIdFor(vaultKey: Uint8Array, name: string): DocumentId {
  const bytes = sodium().crypto_generichash(16, `mevault.document/1:${name}`, vaultKey)
  return parseAutomergeUrl(stringifyAutomergeUrl(bytes as BinaryDocumentId)).documentId
}

export const INDEX_DOCUMENT = '\u0000index'
export const recordDocumentName = (record: string): string => `record:${record}`
