import type { FieldType, Tier } from './types.js'

/** The file formats `import.preview` / `mevault import` read. */
export const IMPORT_FORMATS = ['vcard', 'csv', 'json', 'bitwarden', '1pux'] as const
export type ImportFormat = (typeof IMPORT_FORMATS)[number]

/** What happens to one field of an import. */
export type ImportStatus = 'new' | 'same' | 'conflict'

/** One field an import would write, and what the vault holds there now. */
export interface ImportItem {
  path: string
  value: string
  type: FieldType
  tier: Tier
  /** The claim of the vocabulary the field is tagged with (only where unambiguous: see docs/import.md). */
  claim?: string
  /** new: not in the vault; same: the vault holds this value there (skipped); conflict: it holds another one. */
  status: ImportStatus
  /** The value the vault holds now, on a conflict (shown to the person, who keeps or replaces it). */
  current?: string
  /** That value's tier: a private one shows as dots until the person reveals it, as everywhere else. */
  currentTier?: Tier
  /** Where in the file the value came from: "line 3, column Email", "EMAIL", "items[2].identity.email". Never a value. */
  source: string
}

/** What an import would do, before anything is written. */
export interface ImportPlan {
  format: ImportFormat
  /** Records the fields go into. */
  records: string[]
  items: ImportItem[]
  counts: Record<ImportStatus, number>
  /** Parts of the file left out and why ("PHOTO: pictures are not imported"), never their values. */
  skipped: string[]
  /** CSV only: the header's columns and what each maps to (a claim, a RECORD.FIELD path, or null: left out). */
  columns?: Array<{ column: string; target: string | null }>
  /** CSV: the mapping was one kept from an earlier import of a CSV with the same header row. */
  savedMap?: boolean
  /** Record → the name it is given (an item's title, a row's "Given Family"), unless the person named it already. */
  names?: Record<string, string>
}

/** What `import.apply` did. */
export interface ImportResult {
  /** Fields written: new ones and replaced conflicts. */
  written: number
  /** Fields whose value was already there. */
  same: number
  kept: number
  replaced: number
  /** Claims tagged on imported fields. */
  claimsTagged: number
  records: number
}
