import type { FieldType, Tier } from '../../shared/types.js'

/**
 * What a reader (vCard, CSV, JSON…) makes of a file before any path is chosen: entries (a card, a
 * row, an item), each a list of values with what they mean. entries-to-fields.ts places them.
 */
export type ValueTarget =
  /** A claim of the vocabulary (shared/claims.ts): its default path when the import is one entry. */
  | { claim: string }
  /** A field with no claim: RECORD.FIELD when the import is one entry; FIELD in the entry's own record otherwise. */
  | { record: string; field: string }

export interface SourceValue {
  target: ValueTarget
  value: string
  /** Overrides the claim's type (or text) when the reader knows better (a vCard URL). */
  type?: FieldType
  /** Where it came from, for the preview and for errors: never the value. */
  source: string
  /** A tier the file itself carries (MeVault's own export). */
  tier?: Tier
  /** MeVault's own export: the claim the field carried there. */
  claim?: string
}

export interface SourceEntry {
  /** What the entry is called (a row's number, an item's title): names its record when there are several. */
  name: string
  values: SourceValue[]
  /**
   * What the person called it in the app it came from (an item's title, a row's "Given Family"):
   * the name its record is given when the entry becomes a record of its own. Never in a message.
   */
  title?: string
  /** Values that keep their own RECORD.FIELD whatever the other entries are (secure notes). */
  ownPaths?: boolean
}

export interface SourceRead {
  entries: SourceEntry[]
  skipped: string[]
  /** MeVault's own export: paths are kept as they are, one entry or many. */
  exactPaths?: boolean
  /** MeVault's own export: record → the name it had there (given only to records the file has fields for). */
  names?: Map<string, string>
  columns?: Array<{ column: string; target: string | null }>
  /** CSV: the header row, and whether the mapping used was one kept from an earlier import. */
  header?: string[]
  savedMap?: boolean
}
