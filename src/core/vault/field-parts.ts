import type { FieldType, Tier } from '../../shared/types.js'

/**
 * What a stored field is made of, apart from documents.ts: the worker that makes an import's new
 * records (new-record-worker.ts) loads this and Automerge only, not libsodium or automerge-repo.
 */

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
