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
  type: FieldType
  tier: Tier
  /** Not collaborative text: a value is replaced whole, and costs little to store and merge. */
  value: ImmutableString
  updatedAt: string
  device: string
}

/** Record document: field name → field. */
export type RecordDoc = Record<string, StoredField>

/** Index document: record name → when it was first made. */
export type IndexDoc = Record<string, { createdAt: string }>

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
