/** Plain data shapes shared by the core, the CLI, and the UI. No behaviour here. */

export const TIERS = ['private', 'restricted', 'public'] as const
export type Tier = (typeof TIERS)[number]

export const FIELD_TYPES = ['text', 'number', 'date', 'email', 'phone', 'url', 'address', 'money'] as const
export type FieldType = (typeof FIELD_TYPES)[number]

export const POLICY_PRESET_NAMES = ['ask-first', 'share-public', 'share-nothing', 'ask-me'] as const
export type PolicyPresetName = (typeof POLICY_PRESET_NAMES)[number]

/** One field as the person sees it. `path` is "RECORD.FIELD". */
export interface FieldView {
  path: string
  record: string
  field: string
  type: FieldType
  tier: Tier
  value: string
  /** ISO 8601 time of the last change. */
  updatedAt: string
  /** Name of the device that made the last change. */
  device: string
  /** The claim of the vocabulary (shared/claims.ts) this field answers for, when tagged with one. */
  claim?: string
  /** The name the person gave the field's record ("Passport"), when they gave one. */
  recordName?: string
}

/** One earlier state of a field, oldest first; `value` is null where the field was removed. */
export interface FieldVersion {
  version: number
  value: string | null
  type: FieldType | null
  tier: Tier | null
  at: string
  device: string
}

/** A field that is removed now, as the trash shows it; `fields.restore` of `lastVersion` brings it back. */
export interface RemovedField {
  path: string
  record: string
  field: string
  removedAt: string
  removedOn: string
  /** The last version that had a value: its value, type and tier come back on restore. */
  lastVersion: number
  value: string
  type: FieldType
  tier: Tier
}

export interface VaultStatus {
  vaultId: string
  did: string
  device: string
  records: number
  fields: number
  tiers: Record<Tier, number>
}

export interface RecoveryKit {
  vaultId: string
  did: string
  secretKey: string
  createdAt: string
}

/** The recovery kit as a PDF (`vault.recoveryKit`): base64, so it crosses IPC and HTTP as JSON alike. */
export interface RecoveryKitPdf {
  fileName: string
  pdfBase64: string
}

export interface VaultExport {
  format: 'mevault.export/1'
  vaultId: string
  did: string
  exportedAt: string
  fields: FieldView[]
  /**
   * Record key → what the export says of the record: its name (`records.rename`). Only named
   * records that hold a field of the export; absent when none is named. An object per record so
   * that more can be said of a record later without a new format; added to mevault.export/1
   * (readers ignore members they do not know).
   */
  records?: Record<string, ExportedRecord>
}

/** One record in MeVault's own export. */
export interface ExportedRecord {
  /** The name the person gave the record ("Passport"). */
  name: string
}

/**
 * What happens to the data beyond the request's purpose, as the request declares it (`use` in
 * docs/formats/request.md): kept by the requester alone, shared with the parties named, sold or
 * shared only as aggregates, or sold or shared per person.
 */
export interface DeclaredUseView {
  sharing: 'requester-only' | 'named-third-parties' | 'aggregate-only' | 'sold-individually'
  thirdParties?: string[]
}

/** One requested field on the consent screen. */
export interface ConsentLine {
  /** What the request calls this line, and what an approval names: its claim, or its vault path. */
  requestedKey: string
  /** The same as requestedKey: the name readers of the path-only format use. */
  path: string
  /** The claim of the vocabulary the line asks for (a request asking by claim). */
  claim?: string
  /**
   * What the person reads: the claim's label from the catalogue ("Date of birth"), the claim's
   * own name for a claim the catalogue does not know (then knownClaim is false), or the path.
   */
  label: string
  /** On a claim line: whether the catalogue (shared/claims.ts) knows the claim, so it can be added here. */
  knownClaim?: boolean
  /** The vault path that answers the line, when the vault holds it. */
  field?: string
  /** The name the person gave that field's record ("Passport"), when they gave one. */
  recordName?: string
  purpose: string
  required: boolean
  /** False when the vault has no such field: it is reported missing, never invented. */
  held: boolean
  tier?: Tier
  type?: FieldType
  /** The start of the value on one line; shown only to the person. */
  preview?: string
  suggestion: 'share' | 'ask' | 'never' | 'missing'
  reason: string
  /** The toggle's starting position: on only where the standing policy itself would share. */
  defaultChoice: boolean
}

/** A backup file made (`mevault backup`, Settings' "Back up now", or the automatic daily one). */
export interface BackupMade {
  path: string
  bytes: number
  madeAt: string
}

/** Automatic backups on this device: where, how many days are kept, and the newest backup made. */
export interface BackupSettingsView {
  folder?: string
  keep: number
  last?: BackupMade
  /** Why the last automatic backup failed, when it did (the folder gone, a full disk). */
  lastError?: string
}
