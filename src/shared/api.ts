/**
 * The one contract between the UI and the vault: a typed method map (GitHub Desktop style).
 * The same map is served over Electron IPC (preload) and over loopback HTTP (`mevault serve`);
 * the renderer cannot tell which. Every input is validated here, at the boundary, by its schema.
 */
import { z } from 'zod'
import { MAX_PAGE_LIMIT } from './api-limits.js'
import type { ClaimDefinition } from './claims.js'
import { IMPORT_FORMATS, type ImportPlan, type ImportResult } from './import-plan.js'
import { RECORD_KEY_PATTERN, recordNameProblem } from './record-name.js'
import { fromWireError, INTERNAL_MESSAGE } from './wire-errors.js'
import { asStorageFault, MeVaultError, type ErrorCode } from './errors.js'
import {
  FIELD_TYPES,
  POLICY_PRESET_NAMES,
  TIERS,
  type PolicyPresetName,
  type BackupMade,
  type BackupSettingsView,
  type ConsentLine,
  type DeclaredUseView,
  type FieldVersion,
  type RemovedField,
  type FieldView,
  type RecoveryKit,
  type RecoveryKitPdf,
  type Tier,
  type VaultExport,
  type VaultStatus
} from './types.js'

/** "RECORD.FIELD", the same rule as the core's parseFieldPath: ASCII letters, digits, "_", "-", up to 64 each. */
export const FIELD_PATH_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}\.[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/
export const MAX_VALUE_LENGTH = 65_536
export const MIN_NEW_PASSPHRASE_LENGTH = 8
/**
 * The calls that carry a whole file (a backup, an import) and the most `mevault serve` takes for
 * one (other calls: 1 MiB). 64 MiB holds a 16 MiB import as base64, or a backup of about 45 MiB
 * (a 100k-field vault's is 15 MB).
 */
export const FILE_CALL_METHODS: ReadonlySet<string> = new Set(['vault.restore', 'import.preview', 'import.apply'])
export const MAX_FILE_CALL_BYTES = 64 * 1024 * 1024
/** The largest backup sent as base64 in one call; a larger one is restored by its path. */
export const MAX_RESTORE_UPLOAD = 60_000_000
const MAX_PASSPHRASE_LENGTH = 1_024
export const MAX_REQUEST_TEXT_LENGTH = 262_144
export { POLICY_PRESET_NAMES, type PolicyPresetName }

export { MAX_PAGE_LIMIT }

/**
 * The longest file `import.*` takes (16 MiB as text, its base64 for a 1PUX): docs/import.md. A
 * holder's transports (front door, `mevault serve`) carry at most 1 MiB per call.
 */
export const MAX_IMPORT_CONTENT_LENGTH = 22_400_000

/** The most fields one `fields.setMany` call takes: an import goes in batches of this many. */
export const MAX_FIELDS_PER_CALL = 1_000

/** What each tier's rule may be: a tier rule never pre-approves restricted or private fields. */
export const TIER_RULES = { public: ['share', 'ask', 'never'], restricted: ['ask', 'never'], private: ['ask', 'never'] } as const
export type TierRule = PolicyView['tiers'][keyof PolicyView['tiers']]
export const REQUESTER_RULES = ['allow', 'ask', 'block'] as const
export type RequesterRule = (typeof REQUESTER_RULES)[number]
/** An Ed25519 did:key, as requesters name themselves; the core also checks that it decodes. */
export const DID_KEY_PATTERN = /^did:key:z6Mk[1-9A-HJ-NP-Za-km-z]{44}$/

const fieldPath = z
  .string({ error: 'path must be a string like "contact.email"' })
  .regex(FIELD_PATH_PATTERN, {
    error: 'path must be RECORD.FIELD, e.g. "contact.email" (letters, digits, "-" and "_", up to 64 each)'
  })
const tier = z.enum(TIERS, { error: `tier must be one of ${TIERS.join(', ')}` })
const fieldType = z.enum(FIELD_TYPES, { error: `type must be one of ${FIELD_TYPES.join(', ')}` })
// Checked against the vocabulary by the core, whose message names where to find the claims.
const claimName = z
  .string({ error: 'claim must be a claim name, e.g. given_name' })
  .min(1, { error: 'claim is empty' })
  .max(64, { error: 'claim must be at most 64 characters' })
/** What a request calls a line: a claim name ("birthdate", "address.locality") or a RECORD.FIELD path. */
const requestedKey = z
  .string({ error: 'each approved line must be a claim name or a RECORD.FIELD path' })
  .regex(/^(?:[a-z][a-z0-9_]{0,63}(?:\.[a-z][a-z0-9_]{0,63})?|[A-Za-z0-9][A-Za-z0-9_-]{0,63}\.[A-Za-z0-9][A-Za-z0-9_-]{0,63})$/, {
    error: 'each approved line must be a claim name (e.g. birthdate) or a RECORD.FIELD path'
  })
const value = z
  .string({ error: 'value must be a string' })
  .max(MAX_VALUE_LENGTH, { error: `value must be at most ${MAX_VALUE_LENGTH} characters` })
const passphrase = z
  .string({ error: 'passphrase must be a string' })
  .min(1, { error: 'passphrase is empty' })
  .max(MAX_PASSPHRASE_LENGTH, { error: `passphrase must be at most ${MAX_PASSPHRASE_LENGTH} characters` })
const noInput = z.void({ error: 'this method takes no input' })
/** A request file's text as read by the renderer; the core parses and checks it (256 KiB cap there). */
const requestText = z
  .string({ error: 'text must be the request file as text' })
  .min(1, { error: 'the request file is empty' })
  .max(MAX_REQUEST_TEXT_LENGTH, { error: `a request file must be at most ${MAX_REQUEST_TEXT_LENGTH} characters` })
const deviceId = z
  .string({ error: 'id must be a device id (see the device list)' })
  .regex(/^[A-Za-z0-9_-]{1,64}$/, { error: 'id must be a device id (see the device list)' })
/** "HOST:PORT" or "[IPv6]:PORT"; the service checks the port range and says so. */
export const PEER_ADDRESS_PATTERN = /^(?:\[[0-9A-Fa-f:.]{2,45}\]|[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?):\d{1,5}$/
const peerAddress = z
  .string({ error: 'peer must be HOST:PORT, e.g. "192.168.1.20:41234"' })
  .trim()
  .regex(PEER_ADDRESS_PATTERN, { error: 'peer must be HOST:PORT, e.g. "192.168.1.20:41234"' })

/** An address to listen on or to put in a code: a host name, an IPv4 address or an IPv6 one (two colons at least), no port. */
export const HOST_PATTERN = /^(?:(?=(?:[^:]*:){2})[0-9A-Fa-f:.]{2,45}|[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?)$/
const hostName = (what: string) =>
  z
    .string({ error: `${what} must be an address such as 127.0.0.1, 0.0.0.0 or a host name` })
    .trim()
    .regex(HOST_PATTERN, { error: `${what} must be an address such as 127.0.0.1, 0.0.0.0 or a host name, without a port` })
/** The longest invitation: a code is a credential, so it never stays open for long. */
export const MAX_INVITE_MINUTES = 60

/**
 * An input object a caller may leave out entirely (the UI invites with no options; the CLI passes its
 * flags). Parsed as optional; typed so that calling with no argument stays allowed.
 */
function optionalInput<T extends z.ZodType>(schema: T): z.ZodType<z.output<T> | void> {
  return schema.optional() as unknown as z.ZodType<z.output<T> | void>
}

/** Input schema per method. Strict objects: an unknown key is a mistake worth reporting. */
const receiptId = z
  .string({ error: 'receiptId must be a string' })
  .min(1, { error: 'receiptId is empty' })
  .max(200, { error: 'receiptId must be at most 200 characters' })

/** The file an import reads, as the page or the CLI sends it: text, or base64 for a 1PUX (a zip). */
const importFile = {
  fileName: z
    .string({ error: 'fileName must be a string' })
    .min(1, { error: 'fileName is empty' })
    .max(255, { error: 'fileName must be at most 255 characters' }),
  content: z
    .string({ error: 'content must be the file as text (or base64 with encoding: "base64")' })
    .min(1, { error: 'the file is empty' })
    .max(MAX_IMPORT_CONTENT_LENGTH, { error: `an imported file must be at most ${MAX_IMPORT_CONTENT_LENGTH} characters` }),
  encoding: z.enum(['text', 'base64'], { error: 'encoding must be text or base64' }).optional(),
  format: z.enum(IMPORT_FORMATS, { error: `format must be one of ${IMPORT_FORMATS.join(', ')}` }).optional(),
  map: z
    .record(
      z.string().min(1).max(200, { error: 'a column name must be at most 200 characters' }),
      z.string({ error: 'each mapping must be a claim name, a RECORD.FIELD path, or "-" to leave the column out' }).max(130)
    )
    .optional(),
  tier: tier.optional(),
  card: z.number({ error: 'card must be a number' }).int().min(1, { error: 'card counts from 1' }).optional()
}
const exportPaths = z.array(fieldPath, { error: 'paths must be a list of RECORD.FIELD paths' }).min(1, { error: 'paths is empty' }).optional()

export const methodInputSchemas = {
  'vault.state': noInput,
  'vault.create': z.strictObject({
    passphrase: passphrase.min(MIN_NEW_PASSPHRASE_LENGTH, {
      error: `a new passphrase needs at least ${MIN_NEW_PASSPHRASE_LENGTH} characters`
    })
  }),
  'vault.unlock': z.strictObject({ passphrase }),
  'vault.join': z.strictObject({
    code: z
      .string({ error: 'code must be the invitation code as text' })
      .trim()
      .min(1, { error: 'the invitation code is empty' })
      .max(2_000, { error: 'an invitation code is much shorter than that' }),
    passphrase: passphrase.min(MIN_NEW_PASSPHRASE_LENGTH, {
      error: `a new passphrase needs at least ${MIN_NEW_PASSPHRASE_LENGTH} characters`
    }),
    deviceName: z
      .string({ error: 'deviceName must be a string' })
      .trim()
      .min(1, { error: "this device's name is empty" })
      .max(200, { error: "this device's name must be at most 200 characters" })
      .optional()
  }),
  /**
   * Restores a backup (`mevault backup`) into this vault location, which must hold no vault, and
   * leaves it unlocked: the file's bytes (base64, as a page picks it) or its full path on this
   * machine, the passphrase, and the secret key from the recovery kit.
   */
  'vault.restore': z.strictObject({
    backup: z.union(
      [
        z.strictObject({
          name: z.string({ error: 'name must be the file name' }).max(1_000, { error: 'name is too long' }),
          data: z
            .string({ error: 'data must be the file as base64' })
            .min(1, { error: 'the backup file is empty' })
            .max(MAX_RESTORE_UPLOAD, { error: 'this backup is too large to send here: give its full path instead' })
        }),
        z.strictObject({ path: z.string({ error: 'path must be a full file path' }).min(1, { error: 'path is empty' }).max(4096, { error: 'path is too long' }) })
      ],
      { error: 'backup must be { name, data } or { path }' }
    ),
    passphrase,
    secretKey: z.string({ error: 'secretKey must be the MV1-… key from the recovery kit' }).min(1, { error: 'the secret key is empty' }).max(200, { error: 'a secret key is much shorter than that' })
  }),
  'vault.lock': noInput,
  /** Whether this device has the locked vault's secret key (src/core/recovery-kit/key-on-device.ts). */
  'vault.secretKeyStatus': noInput,
  /** Keeps the secret key typed from the recovery kit, once checked against the vault (as `mevault key restore`). */
  'vault.restoreKey': z.strictObject({
    secretKey: z
      .string({ error: 'secretKey must be the secret key as text' })
      .trim()
      .min(1, { error: 'the secret key is empty' })
      .max(200, { error: 'a secret key is much shorter than that' })
  }),
  /** The recovery kit PDF again; the passphrase is asked again first (see docs/recovery-kit.md). */
  'vault.recoveryKit': z.strictObject({ passphrase }),
  /** Everything, decrypted: `mevault export` (the caller writes it; the service never does). */
  'vault.export': noInput,
  'fields.list': noInput,
  'fields.get': z.strictObject({ path: fieldPath }),
  /**
   * With `claim`, the field is also tagged with that claim of the vocabulary (see `fields.claim`).
   * With `create: true`, only a new field is made: a field already at the path is refused (EXISTS).
   */
  'fields.set': z.strictObject({
    path: fieldPath,
    value,
    tier: tier.optional(),
    type: fieldType.optional(),
    claim: claimName.optional(),
    create: z.boolean().optional()
  }),
  /** Tags the field with a claim (which leaves any other field), or with null removes its claim. */
  'fields.claim': z.strictObject({ path: fieldPath, claim: claimName.nullable() }),
  /** The claim vocabulary, and which field carries each claim. */
  'claims.list': noInput,
  /** Many fields in one change, all or nothing (an import): every value is checked before any is set. */
  'fields.setMany': z.strictObject({
    fields: z
      .array(z.strictObject({ path: fieldPath, value, tier: tier.optional(), type: fieldType.optional() }), {
        error: 'fields must be a list of { path, value, tier?, type? }'
      })
      .min(1, { error: 'fields is empty' })
      .max(MAX_FIELDS_PER_CALL, { error: `at most ${MAX_FIELDS_PER_CALL} fields per call` })
  }),
  /** What importing a file would do (docs/import.md): writes nothing. */
  'import.preview': z.strictObject(importFile),
  /** Imports the file, all or nothing (one transaction); conflicts are kept unless the person replaces them. */
  'import.apply': z.strictObject({
    ...importFile,
    conflicts: z.enum(['keep', 'replace'], { error: 'conflicts must be keep or replace' }).optional(),
    resolutions: z
      .record(fieldPath, z.enum(['keep', 'replace'], { error: 'each resolution must be keep or replace' }), {
        error: 'resolutions must map RECORD.FIELD paths to keep or replace'
      })
      .optional()
  }),
  /** The chosen fields (all when `paths` is left out) as CSV, or as a vCard 4.0 of those that carry a claim. */
  'export.csv': optionalInput(z.strictObject({ paths: exportPaths })),
  'export.vcard': optionalInput(z.strictObject({ paths: exportPaths })),
  'fields.remove': z.strictObject({ path: fieldPath }),
  'fields.setTier': z.strictObject({ path: fieldPath, tier }),
  'fields.search': z.strictObject({
    text: z
      .string({ error: 'search text must be a string' })
      .min(1, { error: 'search text is empty' })
      .max(256, { error: 'search text must be at most 256 characters' })
  }),
  /** One window of the fields matching `query` (names and values, as `fields.search`) and `tier`. */
  'fields.page': z.strictObject({
    query: z
      .string({ error: 'query must be a string' })
      .max(256, { error: 'query must be at most 256 characters' })
      .optional(),
    tier: tier.optional(),
    offset: z.int({ error: 'offset must be a whole number' }).min(0, { error: 'offset counts from 0' }),
    limit: z
      .int({ error: 'limit must be a whole number' })
      .min(1, { error: 'limit must be at least 1' })
      .max(MAX_PAGE_LIMIT, { error: `limit must be at most ${MAX_PAGE_LIMIT}` }),
    /** A list grouped by record: a header row before each record's fields; offset and limit count rows. */
    byRecord: z.boolean({ error: 'byRecord must be true or false' }).optional()
  }),
  /** The name a person gives a record ("Passport"); an empty name takes it away (the record shows by its key). */
  'records.rename': z.strictObject({
    record: z
      .string({ error: 'record must be a string like "passport"' })
      .regex(RECORD_KEY_PATTERN, { error: 'record must be a record key, e.g. "passport" (letters, digits, "-" and "_", up to 64)' }),
    name: z
      .string({ error: 'name must be a string' })
      .trim()
      .superRefine((name, context) => {
        const problem = recordNameProblem(name)
        if (problem) context.addIssue({ code: 'custom', message: problem })
      })
  }),
  'fields.history': z.strictObject({ path: fieldPath }),
  /** The trash: fields removed now, with their last value and tier (restore with `fields.restore`). */
  'fields.removed': noInput,
  'fields.restore': z.strictObject({
    path: fieldPath,
    version: z.int({ error: 'version must be a whole number' }).min(1, { error: 'versions count from 1' })
  }),
  'vault.changePassphrase': z.strictObject({
    current: passphrase,
    next: passphrase.min(MIN_NEW_PASSPHRASE_LENGTH, {
      error: `a new passphrase needs at least ${MIN_NEW_PASSPHRASE_LENGTH} characters`
    })
  }),
  'requests.preview': z.strictObject({ text: requestText }),
  /** The requests received and not dismissed, kept in the vault: the inbox survives locking. */
  'requests.inbox': noInput,
  /** Keeps a received request in the inbox (the same request twice is kept once). */
  'requests.keep': z.strictObject({
    text: requestText,
    fileName: z.string({ error: 'fileName must be a string' }).max(200, { error: 'fileName must be at most 200 characters' })
  }),
  'requests.dismiss': z.strictObject({
    key: z.string({ error: 'key must be a string' }).regex(/^[0-9a-f]{64}$/, { error: 'key must be an inbox entry’s key' })
  }),
  /** Fetches the request a link points at (mevault://request?request_uri=https://… or https://…), to preview and answer. */
  'requests.fetch': z.strictObject({
    link: z.string({ error: 'link must be a string' }).min(1, { error: 'link is empty' }).max(65_536, { error: 'link must be at most 65536 characters' })
  }),
  'requests.answer': z.strictObject({
    text: requestText,
    /**
     * The requested keys to share (each line's claim name, or its path for a request asking by path),
     * or 'policy': exactly what the standing policy shares (`request answer --policy`).
     */
    approve: z.union(
      [
        z
          .array(requestedKey, { error: 'approve must be a list of claims or field paths' })
          .max(200, { error: 'approve lists at most 200 claims or paths' }),
        z.literal('policy')
      ],
      { error: 'approve must be a list of claims or field paths, or "policy"' }
    ),
    /** Answer again a request that was answered before. */
    again: z.boolean({ error: 'again must be true or false' }).optional(),
    /** Absent: sealed exactly when the request gives an X25519 key; true: must seal; false: never. */
    seal: z.boolean({ error: 'seal must be true or false' }).optional(),
    /** Absent or true: post the answer to the request's responseUri, when it names one; false: only return it. */
    deliver: z.boolean({ error: 'deliver must be true or false' }).optional()
  }),
  'ledger.list': noInput,
  /** The signed receipts themselves, newest first (`mevault ledger --json`). */
  'ledger.receipts': noInput,
  /** Who received one field, by the receipts in the ledger. */
  'ledger.whoHas': z.strictObject({ path: fieldPath }),
  'ledger.withdraw': z.strictObject({ receiptId }),
  /** The answer a receipt records, exactly as it was given: to save or send again. */
  'ledger.answer': z.strictObject({ receiptId }),
  /** Posts a past answer, or the withdrawal notice, again to the address its request named. */
  'ledger.deliver': z.strictObject({
    receiptId,
    kind: z.enum(['answer', 'withdrawal'], { error: 'kind must be "answer" or "withdrawal"' })
  }),
  'policy.get': noInput,
  'policy.applyPreset': z.strictObject({
    preset: z.enum(POLICY_PRESET_NAMES, { error: `preset must be one of ${POLICY_PRESET_NAMES.join(', ')}` })
  }),
  /** One tier's rule; the service says which rules that tier allows. */
  'policy.setTierRule': z.strictObject({
    tier,
    rule: z.enum(TIER_RULES.public, { error: 'rule must be share, ask or never' })
  }),
  /** One requester's rule by did:key; `none` removes it (the tier rules apply again). */
  'policy.setRequesterRule': z.strictObject({
    requester: z
      .string({ error: 'requester must be a did:key' })
      .regex(DID_KEY_PATTERN, { error: 'requester must be an Ed25519 did:key ("did:key:z6Mk…")' }),
    rule: z.enum([...REQUESTER_RULES, 'none'], { error: 'rule must be allow, ask, block or none' })
  }),
  /** Refuse (true) every request whose declared use sells the data individually, or stop refusing (false). */
  'policy.setRefuseSoldIndividually': z.strictObject({ refuse: z.boolean({ error: 'refuse must be true or false' }) }),
  /** A backup of the whole vault to `path` (a full path; replaced only with force), else into the backup folder. */
  'backup.create': optionalInput(
    z.strictObject({
      path: z.string({ error: 'path must be a full file path' }).min(1, { error: 'path is empty' }).max(4096, { error: 'path is too long' }).optional(),
      force: z.boolean({ error: 'force must be true or false' }).optional()
    })
  ),
  /** A backup's bytes (base64) for the page to offer as a download (`mevault serve`); nothing is written here. */
  'backup.download': noInput,
  /** Where automatic backups go on this device, how many days are kept, and the last backup. */
  'backup.settings': noInput,
  /** Chooses the automatic backups' folder (null: none) and how many to keep. */
  'backup.setFolder': z.strictObject({
    folder: z.string({ error: 'folder must be a full path or null' }).min(1, { error: 'folder is empty' }).max(4096, { error: 'folder is too long' }).nullable(),
    keep: z.int({ error: 'keep must be a whole number' }).min(1, { error: 'keep at least 1' }).max(365, { error: 'keep at most 365' }).optional()
  }),
  'devices.list': noInput,
  'devices.revoke': z.strictObject({ id: deviceId }),
  /** A name the person chooses for a device (both machines may carry the same host name). */
  'devices.rename': z.strictObject({
    id: deviceId,
    name: z
      .string({ error: 'name must be a string' })
      .trim()
      .min(1, { error: 'the name is empty' })
      .max(200, { error: 'a device name must be at most 200 characters' })
      // eslint-disable-next-line no-control-regex -- control characters would garble the name wherever it is shown
      .refine((name) => !/[\u0000-\u001f\u007f-\u009f]/.test(name), { error: 'a device name cannot hold control characters' })
  }),
  'devices.syncStatus': noInput,
  /** Starts this device's sync listener, or moves it (a new port) when `network` changed. */
  'devices.listen': z.strictObject({
    /** true: every network interface (0.0.0.0), so other machines can connect; false: this computer only. */
    network: z.boolean({ error: 'network must be true or false' })
  }),
  'devices.stopListening': noInput,
  /**
   * All optional (`mevault pair invite`'s flags): where the invitation listens (`host`, `port`; a sync
   * listener already running keeps its own address), the address put in the code, and for how long.
   */
  'devices.invite': optionalInput(
    z.strictObject({
      host: hostName('host').optional(),
      port: z
        .int({ error: 'port must be a whole number' })
        .min(0, { error: 'port must be 0 to 65535' })
        .max(65535, { error: 'port must be 0 to 65535' })
        .optional(),
      advertise: hostName('advertise').optional(),
      minutes: z
        .number({ error: 'minutes must be a number' })
        .gt(0, { error: `minutes must be more than 0 and at most ${MAX_INVITE_MINUTES}` })
        .max(MAX_INVITE_MINUTES, { error: `minutes must be more than 0 and at most ${MAX_INVITE_MINUTES}` })
        .optional()
    })
  ),
  'devices.cancelInvitation': noInput,
  'devices.syncNow': z.strictObject({ peer: peerAddress }),
  /**
   * One exchange with a sync folder (Syncthing, a cloud drive, a USB stick), run by whoever holds the
   * vault: an absolute path, as the holder's working folder may not be the caller's.
   */
  'devices.syncFolder': z.strictObject({
    folder: z
      .string({ error: 'folder must be a path' })
      .min(1, { error: 'folder is empty' })
      .max(4_096, { error: 'folder must be at most 4096 characters' })
      .refine((path) => !path.includes('\0'), { error: 'folder must not contain a NUL character' })
      .refine((path) => path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path) || path.startsWith('\\\\'), {
        error: 'folder must be an absolute path'
      })
  })
} as const

/** Whether the requester's own signature holds, as the consent screen states it. */
export type RequestSignatureView =
  | { status: 'unsigned' }
  | { status: 'valid'; signer: string }
  | { status: 'invalid'; reason: string; signer?: string }

/** What the requester's domain says about its key (docs/formats/requester-binding.md, "Outcomes"). */
export type RequesterCheckState = 'verified' | 'not-bound' | 'not-checked' | 'could-not-check'

/** Why a requester deserves a second look, shown loudly whatever the binding says. */
export type RequesterWarningKind =
  | 'known-name-new-key'
  | 'known-domain-new-key'
  | 'mixed-script'
  | 'lookalike-name'
  | 'lookalike-domain'
  | 'idn-host'
  | 'url-user-info'

export interface RequesterWarning {
  kind: RequesterWarningKind
  message: string
}

/**
 * Who is asking, as far as MeVault can tell: `verified` only when the request is validly signed and
 * the requester's domain lists its key (did:web); the name is only ever what the requester claims.
 */
export interface RequesterIdentityView {
  verified: { domain: string; method: 'did:web' | 'x509_san_dns' } | null
  check: { state: RequesterCheckState; reason?: string }
  warnings: RequesterWarning[]
}


/**
 * One window of a list of fields, as the engine answers it: the rows asked for, how many match in
 * all (the list's length), and the whole vault's counts, so a page never needs the whole list.
 */
/** One claim of the vocabulary, and the field that carries it in this vault, if one does. */
export interface ClaimEntry extends ClaimDefinition {
  field?: string
}

export interface FieldPage {
  /** Where `fields` starts among the matches (the offset asked for). */
  offset: number
  /** Matches of the query and tier, in list order (record, then field). */
  fields: FieldView[]
  /** How many fields match the query and tier in all. */
  total: number
  /** Every readable field of the vault by tier, whatever the query and tier: the tier picture. */
  tiers: Record<Tier, number>
  /** Records that could not be read; their fields are missing from the counts and the rows. */
  damaged: Array<{ record: string; message: string }>
  /** How many records are still arriving from another device by sync (shown as far as they arrived). */
  pending: number
  /**
   * Asked `byRecord`: the list's length in rows (the matching fields plus one header per record they
   * are in), and the headers among the rows asked for; `offset` then counts rows, and `fields` holds
   * the other rows of the window, in order.
   */
  rows?: number
  headers?: RecordHeader[]
}

/** A record's header row in a list grouped by record: at row `at`, over its `fields` matching fields. */
export interface RecordHeader {
  at: number
  record: string
  fields: number
  /** The name the person gave the record (`records.rename`); absent: it shows by its key. */
  name?: string
}

/** Everything the consent screen states about one request, before anything is shared. */
export interface RequestPreview {
  /** Absent: a mevault.request/1; openid4vp: an OpenID4VP 1.0 authorization request (see `credential`). */
  protocol?: 'openid4vp'
  request: { id: string; sha256: string }
  requester: { name: string; id: string; url: string } & RequesterIdentityView
  signature: RequestSignatureView
  purpose: string
  /** ISO 8601 duration, e.g. "P1Y"; absent when the request does not say (OpenID4VP requests never do). */
  retention?: string
  compensation?: { amount: number; currency: string }
  /** What the request declares happens to the data beyond its purpose; absent when it does not say. */
  use?: DeclaredUseView
  /** Set when a standing policy refuses the whole request: why (nothing can be shared then). */
  refusal?: string
  /** Absent when the request states no end (an unsigned OpenID4VP request). */
  expiresAt?: string
  lines: ConsentLine[]
  /** The requested keys (claims or paths) of required lines the vault does not hold. */
  missingRequired: string[]
  /** When this same request (requester, id, nonce) was answered before. */
  answeredBefore?: { at: string; outcome: LedgerEntry['outcome']; receiptId: string }
  /** Your standing rule for this requester ('none': the tier rules apply). */
  requesterRule: RequesterRule | 'none'
  /** True when the request gives an X25519 key: the answer is then sealed so only the requester can open it. */
  sealedAnswer: boolean
  /** Where the answer and withdrawal notices will be posted, when the request names addresses. */
  sendsTo?: { answer?: DeliveryAddress; withdrawal?: DeliveryAddress }
  /** For an OpenID4VP request: the credential the answer is, and what it proves (and does not). */
  credential?: OpenId4VpCredentialView
}

/** What an OpenID4VP answer presents: a credential the person issues about themself. */
export interface OpenId4VpCredentialView {
  format: 'dc+sd-jwt'
  type: string
  /** The person's own did:key: the credential is self-issued. */
  issuer: string
  /** In plain words: it proves who sent it and that nothing was changed, not that the values are true. */
  note: string
  /** Things the person should know about the query (several credentials wished for, one given). */
  notes: string[]
}

/** A request in the inbox, exactly as received. */
export interface InboxEntryView {
  /** SHA-256 (hex) of the text. */
  key: string
  fileName: string
  text: string
  receivedAt: string
}

/** An address a request names, and how a person reads it ("this computer (port 8443)" for loopback). */
export interface DeliveryAddress {
  to: string
  shownAs: string
}

/** The answer to a request: the signed packet to send back (empty claims when refused). */
export interface RequestAnswer {
  /** openid4vp: `packet` is the OpenID4VP response, the application/x-www-form-urlencoded body for the verifier. */
  protocol?: 'openid4vp'
  outcome: LedgerEntry['outcome']
  /** Compact JWS text, or when `sealed` the mevault.sealed-packet/1 JSON envelope around it (OpenID4VP: see `protocol`). */
  packet: string
  /** Sealed to the requester's X25519 key (the request gave one): only they can open it. */
  sealed: boolean
  /** Lowercase hex SHA-256 of the signed packet (the JWS, inside the envelope when sealed). */
  sha256: string
  shared: string[]
  /** A suggested file name for saving the packet. */
  fileName: string
  /** The signed receipt the ledger recorded for this answer. */
  receipt: SignedReceipt
  /** How posting it to the request's responseUri went; absent when the request names none (or deliver was false). */
  delivery?: Delivery
}

/** One try at posting an answer or a withdrawal notice to the address its request named. */
export interface Delivery {
  kind: 'answer' | 'withdrawal'
  /** The address posted to. */
  to: string
  /** The address as a person reads it: its host, or "this computer (port 8443)". */
  shownAs: string
  at: string
  outcome: 'delivered' | 'failed'
  status?: number
  /** 'refused', 'timeout', 'redirect', 'status', 'tls', 'dns', 'too-large' or 'not-allowed'. */
  reason?: string
  /** One line for the person, e.g. "nothing accepted the connection". */
  detail?: string
  /** An OpenID4VP verifier's page where the person continues (https), to open in the browser. */
  continueAt?: string
}

/** Where a past answer or notice goes, and its last try (none yet: not tried). */
export interface DeliveryState {
  to: string
  shownAs: string
  last?: Delivery
  tries: number
}

/** A past answer, as it was given (`ledger.answer`). */
export interface GivenAnswer {
  receiptId: string
  packet: string
  sealed: boolean
  fileName: string
}

/**
 * A receipt as the ledger keeps it (format in docs/ledger.md): what `mevault ledger --json` prints
 * and a script checks. `jws` is the receipt itself, signed by the person's identity. Never values.
 */
export interface SignedReceipt {
  id: string
  /** Absent: a mevault.request/1; openid4vp: an OpenID4VP request, answered with an SD-JWT VC. */
  protocol?: 'openid4vp'
  outcome: LedgerEntry['outcome']
  request: { id: string; sha256: string; nonce: string }
  requester: { name: string; id: string; url: string }
  purpose: string
  /** No retention: the request did not state one (OpenID4VP requests never do). */
  terms: { retention?: string; compensation?: { amount: number; currency: string }; use?: DeclaredUseView }
  /** Vault paths whose values left in the packet. */
  disclosed: string[]
  /** For disclosed lines asked by claim: claim name → the vault path that answered it. */
  claims?: Record<string, string>
  /** Requested keys (claims or paths) not shared. */
  refused: string[]
  /** The subset of `refused` the vault does not hold. */
  missing: string[]
  packet: { sha256: string; sealed: boolean }
  at: string
  device: { id: string; name: string }
  /** The receipt of the earlier answer to the same request, when answered again. */
  repeatOf?: string
  jws: string
  withdrawal?: { at: string; notice: string }
}

/** One answer as the ledger shows it: who got what, when, and on which terms. Never the values. */
export interface LedgerEntry {
  /** The receipt's id. */
  id: string
  /** Absent: a mevault.request/1; openid4vp: an OpenID4VP request, answered with an SD-JWT VC. */
  protocol?: 'openid4vp'
  outcome: 'shared' | 'partly-shared' | 'refused'
  request: { id: string; sha256: string }
  requester: { name: string; id: string; url: string }
  purpose: string
  /** `use`: what the request declared happens to the data beyond its purpose (absent: it did not say); no retention: not stated. */
  terms: { retention?: string; compensation?: { amount: number; currency: string }; use?: DeclaredUseView }
  /** Vault paths whose values left in the packet. */
  disclosed: string[]
  /** For disclosed lines asked by claim: claim name → the vault path that answered it. */
  claims?: Record<string, string>
  /** Requested keys (claims or paths) not shared (declined or not held). */
  refused: string[]
  /** When the answer was given (ISO 8601). */
  at: string
  packetSha256: string
  /** Set once consent was withdrawn. */
  withdrawnAt?: string
  /** Where the request asked for its answer and notices to go, and how delivering went. */
  delivery?: { answer?: DeliveryState; withdrawal?: DeliveryState }
}

/** A signed withdrawal-of-consent notice to send to the requester. */
export interface WithdrawalNotice {
  notice: string
  fileName: string
  alreadyWithdrawn: boolean
  /** When consent was withdrawn (the first time, when `alreadyWithdrawn`). */
  withdrawnAt: string
  /** Who to send the notice to. */
  requester: { name: string; id: string; url: string }
  /** How posting it to the request's withdrawalUri went; absent when the request names none. */
  delivery?: Delivery
}

/** One requester that received a field, by its receipt. */
export interface FieldHolder {
  receiptId: string
  requester: { name: string; id: string; url: string }
  at: string
  purpose: string
  /** ISO 8601 duration the requester said it keeps the data; absent when it did not say (OpenID4VP). */
  retention?: string
  /** What the request declared happens to the data beyond its purpose. */
  use?: DeclaredUseView
  withdrawnAt?: string
}

export interface PolicyView {
  tiers: { public: 'share' | 'ask' | 'never'; restricted: 'ask' | 'never'; private: 'ask' | 'never' }
  /** The preset these tier rules equal, if any. */
  preset: PolicyPresetName | null
  /** Requesters with their own rule, by did:key. */
  requesters: Record<string, 'allow' | 'ask' | 'block'>
  /** Every request whose declared use sells the data individually is refused whole. */
  refuseSoldIndividually: boolean
}



/** One device of this vault, as the Devices screen shows it. Dates are ISO 8601. */
export interface DeviceInfo {
  id: string
  name: string
  /** Short hash of the device's public key: what to compare between two screens. */
  fingerprint: string
  pairedAt: string
  /** When this device last connected to that one, in either direction; absent when never. */
  lastSeen?: string
  revokedAt?: string
  thisDevice: boolean
}

/** A QR code as its modules, row by row (true = dark): drawn as SVG by the UI, no image URL needed. */
export interface QrMatrix {
  size: number
  modules: boolean[][]
}

/** An open one-time invitation for a new machine. */
export interface InvitationView {
  /** The code to type (or scan) on the new machine: `mevault pair accept CODE`. A credential until it expires. */
  code: string
  expiresAt: string
  /** Where the new machine will connect. */
  host: string
  port: number
  qr: QrMatrix
}

export interface SyncListenerView {
  /** The address listened on: 127.0.0.1 (this computer only) or 0.0.0.0 (every network interface). */
  host: string
  port: number
  /** With `network`, the LAN address other machines should use, when one was found. */
  reachableAt?: string
  network: boolean
}

/** Whether this device takes connections from its paired devices, and any invitation in progress. */
export interface SyncStatus {
  listener: SyncListenerView | null
  invitation: InvitationView | null
  /** The device that joined through the last invitation, until a new one opens. */
  joined: { id: string; name: string } | null
}

/** What one `devices.syncNow` changed here. */
export interface SyncResult {
  peer: string
  recordsAdded: number
  fieldsAdded: number
  fieldsUpdated: number
  fieldsRemoved: number
  /** Vault documents compared. */
  documents: number
  /** The same in words, e.g. "1 record added, 3 fields updated". */
  description: string
}

/** Why a file in a sync folder was left unread (counted per reason). */
export type FolderSkipReason = 'unreadable' | 'failedAuthentication' | 'notASyncFile' | 'unknownDevice' | 'badSignature'

/** What one `devices.syncFolder` did: `mevault sync folder --json` prints it, less `description` and `lines`. */
export interface FolderSyncResult {
  fieldsAdded: number
  fieldsUpdated: number
  fieldsRemoved: number
  recordsAdded: number
  /** Vault documents in the folder exchange. */
  documents: number
  /** Present when the exchange moved this vault to a new key. */
  vaultKey?: 'adopted' | 'rotated'
  /** Files written for this device. */
  written: number
  /** Files merged, conflict copies included. */
  read: number
  conflictCopies: { merged: number; removed: number }
  /** Files left unread for a reason in `skippedReasons`: something to look into (the CLI exits 10). */
  skipped: number
  skippedReasons: Partial<Record<FolderSkipReason, number>>
  /** Files of revoked devices, refused as the revocation asked: not counted as skipped. */
  fromRevokedDevices: number
  /** What changed here in words, e.g. "1 record added", and the skipped files in words ('' when none). */
  description: string
  skippedDescription: string
  /**
   * One line per file skipped, refused or conflict copy handled, naming the file (names are escaped:
   * anyone who can write to the folder chooses them) and why. Never a value.
   */
  lines: string[]
}

/** A machine that joined a vault: its own recovery kit, who invited it, and how the first sync went. */
export interface JoinResult {
  kit: RecoveryKit
  inviter: { id: string; name: string }
  /** "1 record added, …" once the first sync finished; otherwise why not (the machine is joined either way). */
  firstSync: { done: true; description: string } | { done: false; reason: string }
}

/** What the UI needs to pick its first screen. `status` is present only while unlocked. */
export interface VaultState {
  exists: boolean
  unlocked: boolean
  status?: VaultStatus
  /** Set when whoever holds the vault locks it after this many minutes without use (`mevault serve --lock-after`). */
  idleLockMinutes?: number
}

/**
 * Result per method. `vault.create` creates the vault and leaves it unlocked; the recovery kit it
 * returns is the only time the secret key is shown. `vault.unlock` takes the secret key from the
 * device's key store, never from the UI.
 */
export interface MethodOutputs {
  'vault.state': VaultState
  'vault.create': RecoveryKit
  'vault.unlock': VaultStatus
  /** Joins this machine to a vault on another (pairing), leaves it unlocked, and syncs once. */
  'vault.join': JoinResult
  /** Restores a backup here and leaves the vault unlocked. */
  'vault.restore': VaultStatus
  'vault.lock': void
  /** Asked while locked; `onThisDevice` false means the key is missing, damaged or another vault's. */
  'vault.secretKeyStatus': { onThisDevice: boolean }
  'vault.restoreKey': void
  'vault.recoveryKit': RecoveryKitPdf
  'vault.export': VaultExport
  'fields.list': FieldView[]
  'fields.get': FieldView
  'fields.set': FieldView
  'fields.claim': FieldView
  'claims.list': ClaimEntry[]
  /** How many fields were set. */
  'fields.setMany': { count: number }
  'import.preview': ImportPlan
  'import.apply': ImportResult
  /** How many fields the text holds. */
  'export.csv': { text: string; fields: number }
  /** `left`: the chosen fields with no vCard property (not in the card). */
  'export.vcard': { text: string; fields: number; left: string[] }
  'fields.remove': void
  'fields.setTier': FieldView
  'fields.search': FieldView[]
  'fields.page': FieldPage
  /** The record's name now (absent: it shows by its key). */
  'records.rename': { record: string; name?: string }
  'fields.history': FieldVersion[]
  'fields.removed': RemovedField[]
  /** null when the chosen version was a removal: restoring it removes the field again. */
  'fields.restore': FieldView | null
  'vault.changePassphrase': void
  'requests.preview': RequestPreview
  'requests.inbox': InboxEntryView[]
  'requests.keep': InboxEntryView
  'requests.dismiss': void
  'requests.answer': RequestAnswer
  /** The request's text exactly as served, and the https address it came from. */
  'requests.fetch': { text: string; from: string }
  /** Newest first. */
  'ledger.list': LedgerEntry[]
  'ledger.receipts': SignedReceipt[]
  'ledger.whoHas': FieldHolder[]
  'ledger.withdraw': WithdrawalNotice
  'ledger.answer': GivenAnswer
  'ledger.deliver': Delivery
  'policy.get': PolicyView
  'policy.applyPreset': PolicyView
  'policy.setTierRule': PolicyView
  'policy.setRequesterRule': PolicyView
  'policy.setRefuseSoldIndividually': PolicyView
  'backup.create': BackupMade
  'backup.download': { name: string; data: string; madeAt: string }
  'backup.settings': BackupSettingsView
  'backup.setFolder': BackupSettingsView
  /** Oldest pairing first; this device included. */
  'devices.list': DeviceInfo[]
  /** The device as it is now, revoked. */
  'devices.revoke': DeviceInfo
  'devices.rename': DeviceInfo
  'devices.syncStatus': SyncStatus
  'devices.listen': SyncStatus
  'devices.stopListening': SyncStatus
  /** Starts the listener first if it is off (the new machine's first sync comes back to it). */
  'devices.invite': InvitationView
  'devices.cancelInvitation': SyncStatus
  'devices.syncNow': SyncResult
  'devices.syncFolder': FolderSyncResult
}

export type MethodName = keyof typeof methodInputSchemas
export type MethodInput<M extends MethodName> = z.output<(typeof methodInputSchemas)[M]>
export type MethodOutput<M extends MethodName> = MethodOutputs[M]
/** `devices.invite`'s options, when given. */
export type InviteOptions = Exclude<MethodInput<'devices.invite'>, void | undefined>

/** The whole API as one object: what the core service implements and what the renderer is given. */
export type MeVaultApi = {
  readonly [M in MethodName]: (input: MethodInput<M>) => Promise<MethodOutput<M>>
}

export const METHOD_NAMES = Object.freeze(Object.keys(methodInputSchemas) as MethodName[])

export function isMethodName(name: string): name is MethodName {
  return Object.hasOwn(methodInputSchemas, name)
}

/** Validates raw transport input; the message names what is wrong, never the value itself. */
export function parseMethodInput<M extends MethodName>(method: M, raw: unknown): MethodInput<M> {
  const result = methodInputSchemas[method].safeParse(raw)
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const where = issue.path.length > 0 ? `${issue.path.join('.')}: ` : ''
      const message = issue.code === 'unrecognized_keys' ? `unknown key(s) ${issue.keys.join(', ')}` : issue.message
      return where + message
    })
    throw new MeVaultError('BAD_INPUT', `${method}: ${problems.join('; ')}`)
  }
  return result.data as MethodInput<M>
}

// ---- errors across the boundary -------------------------------------------------------------

/** Codes only a transport produces: a refused caller, or a fault that is not a MeVaultError. */
export const TRANSPORT_ERROR_CODES = ['FORBIDDEN', 'INTERNAL'] as const
export type WireErrorCode = ErrorCode | (typeof TRANSPORT_ERROR_CODES)[number]
export interface WireError {
  code: WireErrorCode
  message: string
}
export type WireResult<T = unknown> = { ok: true; value: T } | { ok: false; error: WireError }

/** Unknown faults never pass their message on: it could carry personal data. */
export function toWireError(thrown: unknown): WireError {
  const error = asStorageFault(thrown)
  if (error instanceof MeVaultError) return { code: error.code, message: error.message }
  return { code: 'INTERNAL', message: INTERNAL_MESSAGE }
}

/** On the renderer side: a MeVaultError again when the code is one of ours, a plain Error otherwise. */
export { fromWireError }

/** Validate, call, and wrap the outcome: the one path every transport takes into the API. */
export async function invokeMethod(api: MeVaultApi, method: MethodName, raw: unknown): Promise<WireResult> {
  try {
    const input = parseMethodInput(method, raw)
    const call = api[method] as (input: unknown) => Promise<unknown>
    const value = await call.call(api, input)
    return { ok: true, value }
  } catch (error) {
    return { ok: false, error: toWireError(error) }
  }
}

// ---- change events --------------------------------------------------------------------------

/**
 * What changed in the vault, by this face, another face (the CLI through the front door, another
 * window) or a sync. A screen re-reads what it shows for the kinds it shows; nothing polls.
 * - `fields`: fields were added, changed, moved between tiers or removed (any field: re-read the list);
 * - `devices`: the device list, a pairing, or the vault's key ring;
 * - `ledger`: a request was answered or a consent withdrawn;
 * - `policy`: the standing sharing rules;
 * - `lock`: the vault was locked (by a face, the idle lock, or because the engine stopped).
 */
export { VAULT_CHANGE_KINDS, isVaultChange, type VaultChange, type VaultChangeKind, type VaultEvents } from './vault-change.js'
