import * as A from '@automerge/automerge'
import { type DocHandle, type DocumentId, type PeerId, Repo } from '@automerge/automerge-repo'
import { createHash } from 'node:crypto'
import { hostname } from 'node:os'
import { isMeVaultError, MeVaultError, notFound } from '../../shared/errors.js'
import type { FieldType, FieldVersion, FieldView, RecoveryKit, RemovedField, Tier, VaultExport, VaultStatus } from '../../shared/types.js'
import { didOf, type SigningKeyPair } from '../crypto/identity.js'
import { newKdfParams } from '../crypto/kdf.js'
import { formatSecretKey, newSecretKey } from '../crypto/secret-key.js'
import { loadSodium, sodium } from '../crypto/sodium.js'
import type { Db } from '../store/database.js'
import { DocumentViews } from '../store/document-views.js'
import { type PartRead, ViewParts } from '../store/view-parts.js'
import { SqliteStorageAdapter } from '../store/sqlite-storage-adapter.js'
import {
  documentIdFor,
  INDEX_DOCUMENT,
  type IndexDoc,
  liveField,
  type PlainField,
  recordDocumentName,
  type RecordDoc,
  removeField,
  writeField
} from './documents.js'
import { changedSinceSave, documentsWithRecordedHeads, hasRecordedHeads, recordHeads, verifyHeads } from './durable-heads.js'
import { fieldHistory } from './field-history.js'
import { removedFields } from './removed-fields.js'
import { namedViewReader } from './named-views.js'
import { type DamagedRecord, ReadModel } from './read-model.js'
import type { RecordState } from './record-state.js'
import { parseFieldPath, type FieldPath } from './field-path.js'
import { normalizeValue } from './field-value.js'
import { EMPTY_DOCUMENT, type NewRecord, newRecord } from './new-record.js'
import { type VaultHeader, writeHeader } from './header.js'
import { readSealedJson, resealAll, writeSealedJson } from './sealed-meta.js'
import { foldForSearch } from './search-text.js'
import { type CheckedDocument, type FirstCopyParts, SyncPort } from './sync-port.js'
import { declarationOf, newerSchema, newerThanKnown, SCHEMAS_DOCUMENT, type SchemasDoc } from './synced-documents.js'
import { DEFAULT_TIER } from './tiers.js'
import { deriveUnlockKey, unwrapVaultKey, wrapVaultKey } from './unlock-key.js'
import { assertWritable, closeVaultFile, createVaultFile, type KdfCost, openVaultFile, type OpenVaultFile, sealHeader } from './vault-file.js'
import { loadVaultSecrets, newVaultSecrets, saveVaultSecrets, type VaultSecrets } from './vault-keys.js'

export interface VaultOptions {
  dir: string
  clock?: () => Date
  /** How long to wait for another process to release the vault before failing with BUSY. */
  lockWaitMs?: number
  /** SQLite's compiled library for this runtime (Electron's ABI); better-sqlite3's own when absent. */
  nativeBinding?: string
}

export interface CreateVaultOptions extends VaultOptions {
  passphrase: string
  deviceName?: string
  kdf?: KdfCost
  /** Joining an existing vault (pairing): its key and identity, and this device's own id and keys. */
  joining?: VaultSecrets
}

export interface UnlockVaultOptions extends VaultOptions {
  passphrase: string
  /** The 128-bit secret key, or where to find it once the vault's id is known. */
  secretKey: Uint8Array | ((vaultId: string) => Uint8Array | Promise<Uint8Array>)
}

export interface SetFieldOptions {
  tier?: Tier
  type?: FieldType
  /** Only make a new field: one that is there is refused with EXISTS, never replaced (the UI's Add). */
  create?: boolean
}

export type { DamagedRecord }

/** Readable fields, and the records that are damaged or still arriving by sync. */
export interface FieldsRead {
  fields: FieldView[]
  damaged: DamagedRecord[]
  /** Records a sync has named or started but not completed: shown as far as they arrived. */
  pending: string[]
}

const DEFAULT_LOCK_WAIT_MS = 10_000

/**
 * An unlocked vault: records of typed fields in privacy tiers, kept in Automerge documents on the
 * encrypted SQLite store. Every mutating call returns only once the change is durable on disk.
 */
/** One change to one named document, for Vault.changeDocuments(). */
export interface DocumentChange {
  handle: DocHandle<unknown>
  change: A.ChangeFn<unknown>
}

/** A typed change to a document, as changeDocuments() takes it. */
export function documentChange<T>(handle: DocHandle<T>, change: (doc: T) => void): DocumentChange {
  return { handle: handle as DocHandle<unknown>, change: change as A.ChangeFn<unknown> }
}

export class Vault {
  private readonly records = new Map<string, Promise<DocHandle<RecordDoc>>>()
  private readonly named = new Map<string, Promise<DocHandle<unknown>>>()
  private readonly namedIds = new Map<DocumentId, string>()
  private readonly derivedIds = new Map<string, DocumentId>()
  /** The last content read of each named document's view, by the heads it was read at. */
  private readonly namedContent = new Map<DocumentId, { heads: string; content: unknown }>()
  private indexHandle: Promise<DocHandle<IndexDoc>> | undefined
  private readonly views: DocumentViews
  private readonly viewParts: ViewParts
  /** Parts of named views made from content in memory (a document edited or synced here), by its heads. */
  private readonly namedParts = new Map<DocumentId, { heads: string; parts: ReadonlyMap<string, unknown> }>()
  /** Parts read from disk while their document is not in memory (as namedContent, by document). */
  private readonly storedParts = new Map<DocumentId, Map<string, PartRead<unknown>>>()
  /** The present state, read from the sealed views: see read-model.ts. */
  private readonly present: ReadModel
  /** The save in progress; the next one waits for it. */
  private saving: Promise<void> = Promise.resolve()
  private port: SyncPort | undefined

  private constructor(
    private readonly file: OpenVaultFile,
    private readonly secrets: VaultSecrets,
    private secretKey: Uint8Array,
    /** Kept while unlocked to re-wrap a rotated vault key (see unwrapVaultKey). */
    private unlockKey: Uint8Array,
    private readonly storage: SqliteStorageAdapter,
    /** Private: sync reaches it only through syncPort(). */
    private readonly repo: Repo,
    private readonly clock: () => Date
  ) {
    this.views = new DocumentViews(file.db, this.sealingKey)
    this.viewParts = new ViewParts(file.db, this.sealingKey)
    this.present = new ReadModel({
      db: file.db,
      storage,
      views: this.views,
      parts: this.viewParts,
      indexId: this.indexId,
      recordId: (record) => this.recordDocumentId(record),
      openRecord: (record) => this.recordHandle(record, false),
      openIndex: () => this.index(),
      liveHandle: (id) => {
        const handle = this.repo.handles[id]
        return handle?.isReady() ? handle : undefined
      },
      namedDocument: (id) => this.namedIds.get(id),
      // A document a newer MeVault wrote is never read here, not even into its view.
      namedView: (name) => (this.writtenByNewer(name) ? undefined : namedViewReader(name))
    })
  }

  static async create(options: CreateVaultOptions): Promise<{ vault: Vault; recoveryKit: RecoveryKit }> {
    await loadSodium()
    const clock = options.clock ?? (() => new Date())
    const secretKey = newSecretKey()
    const secrets = options.joining ?? newVaultSecrets(options.deviceName ?? hostname())
    const file = createVaultFile(options.dir, {
      passphrase: options.passphrase,
      secretKey,
      vaultKey: secrets.vaultKey,
      createdAt: clock().toISOString(),
      kdf: options.kdf,
      lockWaitMs: options.lockWaitMs ?? DEFAULT_LOCK_WAIT_MS,
      nativeBinding: options.nativeBinding
    })
    saveVaultSecrets(file.db, secrets)
    const vault = await Vault.start(file, secrets, secretKey, file.unlockKey, clock)
    const recoveryKit: RecoveryKit = {
      vaultId: file.header.vaultId,
      did: vault.did,
      secretKey: formatSecretKey(secretKey),
      createdAt: file.header.createdAt
    }
    return { vault, recoveryKit }
  }

  static async unlock(options: UnlockVaultOptions): Promise<Vault> {
    await loadSodium()
    const file = openVaultFile(options.dir, options.lockWaitMs ?? DEFAULT_LOCK_WAIT_MS, options.nativeBinding)
    try {
      const secretKey =
        typeof options.secretKey === 'function' ? await options.secretKey(file.header.vaultId) : options.secretKey
      const { vaultKey, unlockKey } = unwrapVaultKey(file.header, options.passphrase, secretKey)
      const secrets = loadVaultSecrets(file.db, vaultKey)
      // Our own copy: close() wipes it, and the caller's array is theirs.
      return await Vault.start(file, secrets, secretKey.slice(), unlockKey, options.clock ?? (() => new Date()))
    } catch (error) {
      closeVaultFile(file)
      throw error
    }
  }

  private static async start(
    file: OpenVaultFile,
    secrets: VaultSecrets,
    secretKey: Uint8Array,
    unlockKey: Uint8Array,
    clock: () => Date
  ): Promise<Vault> {
    const storage = new SqliteStorageAdapter(file.db, secrets.vaultKey)
    // The Repo reads its storage id in its constructor, where a failure cannot be caught: check it first.
    await storage.load(['storage-adapter-id'])
    const repo = new Repo({
      storage,
      network: [],
      peerId: `mevault-${secrets.device.id}` as PeerId,
      sharePolicy: async () => false
    })
    return new Vault(file, secrets, secretKey, unlockKey, storage, repo, clock)
  }

  get vaultId(): string {
    return this.file.header.vaultId
  }

  /** When the vault was created (its header's date; the recovery kit shows it). */
  get createdAt(): string {
    return this.file.header.createdAt
  }

  get did(): string {
    return didOf(this.secrets.identity)
  }

  /** The person's signing key (packets, receipts). */
  get identity(): SigningKeyPair {
    return this.secrets.identity
  }

  get device(): VaultSecrets['device'] {
    return this.secrets.device
  }

  /** Every record the vault knows of, including those still arriving by sync. */
  async recordNames(): Promise<string[]> {
    await this.present.all()
    return this.present.recordNames()
  }

  async status(): Promise<VaultStatus> {
    const { fields } = await this.listWithDamage()
    const tiers: Record<Tier, number> = { private: 0, restricted: 0, public: 0 }
    for (const field of fields) tiers[field.tier] += 1
    return {
      vaultId: this.vaultId,
      did: this.did,
      device: this.device.name,
      records: new Set(fields.map((f) => f.record)).size,
      fields: fields.length,
      tiers
    }
  }

  async set(path: string, value: string, options: SetFieldOptions = {}): Promise<FieldView> {
    const target = parseFieldPath(path)
    const handle = await this.recordHandle(target.record, true)
    const existing = liveField(handle.doc(), target.field)
    if (existing && options.create) throw new MeVaultError('EXISTS', `There is already a field ${target.path}`)
    const type = options.type ?? existing?.type ?? 'text'
    const tier = options.tier ?? existing?.tier ?? DEFAULT_TIER
    const next = { type, tier, value: normalizeValue(type, value, target.path), ...this.stamp() }
    handle.change((doc) => writeField(doc, target.field, next), this.changeOptions())
    await this.persist(target.record, handle)
    return toView(target, liveField(handle.doc(), target.field)!)
  }

  /**
   * Sets many fields at once, all or nothing: every value is checked first, then each record gets
   * one change and everything is made durable in one transaction (an import, a restore).
   * `alsoChange` (an import's claim tags) is made durable in that same transaction.
   */
  async setFields(entries: ReadonlyArray<{ path: string; value: string } & SetFieldOptions>, alsoChange: readonly DocumentChange[] = []): Promise<number> {
    const byRecord = new Map<string, Array<{ target: FieldPath; value: string } & SetFieldOptions>>()
    for (const entry of entries) {
      const target = parseFieldPath(entry.path)
      const list = byRecord.get(target.record)
      if (list) list.push({ ...entry, target })
      else byRecord.set(target.record, [{ ...entry, target }])
    }
    // Every value is checked (normalized) here, before any record changes.
    const planned: Array<{ handle: DocHandle<RecordDoc>; writes: Array<[string, PlainField]> }> = []
    const fresh: Array<{ record: string; writes: Array<[string, PlainField]> }> = []
    const unknown = this.newRecordsAmong([...byRecord.keys()])
    const stamp = this.stamp() // one time for the whole call, as it is one transaction
    for (const [record, list] of byRecord) {
      const handle = unknown.has(record) ? undefined : await this.recordHandle(record, true)
      const writes = list.map(({ target, value, type, tier }): [string, PlainField] => {
        const existing = handle ? liveField(handle.doc(), target.field) : undefined
        const kind = type ?? existing?.type ?? 'text'
        return [target.field, { type: kind, tier: tier ?? existing?.tier ?? DEFAULT_TIER, value: normalizeValue(kind, value, target.path), ...stamp }]
      })
      if (handle) planned.push({ handle, writes })
      else fresh.push({ record, writes })
    }
    if (planned.length === 0 && fresh.length === 0) return 0
    for (const { handle, writes } of planned) {
      handle.change((doc) => {
        for (const [field, next] of writes) writeField(doc, field, next)
      }, this.changeOptions())
    }
    // New records are made without a Repo handle each (an import of thousands of rows).
    const made = fresh.map(({ record, writes }) => newRecord(record, writes, this.changeOptions()))
    for (const { handle, change } of alsoChange) handle.change(change, this.changeOptions())
    const index = await this.nameInIndex([...byRecord.keys()])
    await this.makeDurable([...planned.map(({ handle }) => handle as DocHandle<unknown>), ...new Set(alsoChange.map(({ handle }) => handle)), ...index], made)
    return entries.length
  }

  /**
   * The records among these that this device has never had: not in memory, not in the Repo (a sync
   * in progress), not stored, and never saved here (a record saved before but missing is damage,
   * which opening it reports). Those can be made and stored without a handle. What is stored is
   * read in one scan of the keys, in one read transaction: three lookups per record cost an import
   * of 10,000 rows 30,000 queries. (Inside a save in progress this is a savepoint, and sees what that
   * save has written.)
   */
  private newRecordsAmong(records: readonly string[]): Set<string> {
    const unopened = records.filter((record) => !this.records.has(record) && !this.repo.handles[this.recordDocumentId(record)])
    if (unopened.length === 0) return new Set() // every record is open: no scan (a batch of edits)
    return this.file.db.transaction(() => {
      const stored = this.storage.documentsHeld()
      const saved = documentsWithRecordedHeads(this.file.db)
      return new Set(
        unopened.filter((record) => {
          const id = this.recordDocumentId(record)
          return !stored.has(id) && !saved.has(id)
        })
      )
    })()
  }

  /** From the record's sealed view: no document is loaded unless its view is stale. */
  async get(path: string): Promise<FieldView> {
    const target = parseFieldPath(path)
    const field = (await this.present.one(target.record))?.fields.find((f) => f.field === target.field)
    if (!field) throw notFound(`No field ${target.path}`)
    return field
  }

  async setTier(path: string, tier: Tier): Promise<FieldView> {
    const target = parseFieldPath(path)
    const handle = await this.existingRecord(target)
    const next = { ...this.presentField(target, handle.doc()), tier, ...this.stamp() }
    handle.change((doc) => writeField(doc, target.field, next), this.changeOptions())
    await this.persist(target.record, handle)
    return toView(target, liveField(handle.doc(), target.field)!)
  }

  async remove(path: string): Promise<void> {
    const target = parseFieldPath(path)
    const handle = await this.existingRecord(target)
    this.presentField(target, handle.doc())
    const at = this.clock().toISOString()
    handle.change((doc) => removeField(doc, target.field, at), this.changeOptions())
    await this.persist(target.record, handle)
  }

  private presentField(target: FieldPath, doc: RecordDoc): PlainField {
    const field = liveField(doc, target.field)
    if (!field) throw notFound(`No field ${target.path}`)
    return field
  }

  async history(path: string): Promise<FieldVersion[]> {
    const target = parseFieldPath(path)
    const versions = fieldHistory((await this.existingRecord(target)).doc(), target.field)
    if (versions.length === 0) throw notFound(`No field ${target.path}`)
    return versions
  }

  /** Every removed field that had a value (the trash), most recently removed first. */
  async removed(): Promise<RemovedField[]> {
    const removed: RemovedField[] = []
    for (const record of await this.recordNames()) {
      const handle = await this.recordHandle(record, false).catch((error: unknown) => {
        if (isMeVaultError(error, 'NOT_FOUND')) return null // still arriving from another device
        throw error
      })
      if (handle) removed.push(...removedFields(record, handle.doc()))
    }
    return removed.sort((a, b) => b.removedAt.localeCompare(a.removedAt) || a.path.localeCompare(b.path))
  }

  /** Makes an earlier version current again (as a new change, so nothing is rewritten). */
  async restore(path: string, version: number): Promise<FieldView | null> {
    const versions = await this.history(path)
    const chosen = versions.find((v) => v.version === version)
    if (!chosen) throw notFound(`${path} has no version ${version} (it has 1 to ${versions.length})`)
    if (chosen.value === null) {
      await this.remove(path)
      return null
    }
    return this.set(path, chosen.value, { type: chosen.type ?? undefined, tier: chosen.tier ?? undefined })
  }

  async list(): Promise<FieldView[]> {
    return (await this.listWithDamage()).fields
  }

  /** Every readable field, and the records that could not be read or are still arriving. */
  async listWithDamage(): Promise<FieldsRead> {
    const { states, damaged, pending } = await this.present.all()
    return { fields: states.flatMap((state) => state.fields), damaged, pending }
  }

  /** Case- and accent-insensitive search over paths and values, in memory only. */
  async search(text: string): Promise<FieldView[]> {
    return (await this.searchWithDamage(text)).fields
  }

  /** The matches among the readable fields, and the records that could not be searched. */
  async searchWithDamage(text: string): Promise<FieldsRead> {
    const query = foldForSearch(text.trim())
    if (!query) throw new MeVaultError('BAD_INPUT', 'Search for at least one letter or digit')
    const { states, damaged, pending } = await this.present.all()
    const matches = (state: RecordState): FieldView[] => state.fields.filter((_, i) => state.folded[i]!.includes(query))
    return { fields: states.flatMap(matches), damaged, pending }
  }

  /** Throws WRONG_CREDENTIALS unless `passphrase` is the current one (asked before changing it). */
  checkPassphrase(passphrase: string): void {
    const { vaultKey, unlockKey } = unwrapVaultKey(this.file.header, passphrase, this.secretKey)
    sodium().memzero(vaultKey)
    sodium().memzero(unlockKey)
  }

  async changePassphrase(next: string, kdf?: KdfCost): Promise<void> {
    const header = this.file.header
    const params = newKdfParams(kdf ?? header.kdf)
    const unlockKey = deriveUnlockKey(next, this.secretKey, { kdf: params })
    const { mac: _old, ...rest } = header
    const wrappedKey = wrapVaultKey(this.secrets.vaultKey, unlockKey, { vaultId: header.vaultId, kdf: params })
    const updated = sealHeader({ ...rest, kdf: params, wrappedKey }, this.secretKey)
    writeHeader(this.file.db, updated)
    this.file.header = updated
    sodium().memzero(this.unlockKey)
    this.unlockKey = unlockKey
  }

  /** Which key of the key ring this vault is on ("0": never rotated). */
  get keyId(): string {
    return this.secrets.keyId
  }

  /**
   * Moves this vault onto a new vault key (rotation, after a device is revoked): every stored chunk
   * and sealed record re-sealed and the key re-wrapped, in one transaction, between two saves.
   * Document ids stay, derived from the naming key.
   */
  adoptKey(next: Uint8Array, keyId: string): Promise<void> {
    const run = async (): Promise<void> => {
      const db = this.file.db
      const previous = this.secrets.vaultKey
      const { mac: _old, ...rest } = this.file.header
      const header = sealHeader({ ...rest, wrappedKey: wrapVaultKey(next, this.unlockKey, rest) }, this.secretKey)
      db.transaction(() => {
        this.storage.resealAll(next)
        this.views.resealAll(next)
        this.viewParts.dropAll()
        resealAll(db, previous, next)
        saveVaultSecrets(db, { ...this.secrets, vaultKey: next, keyId })
        writeHeader(db, header)
      }).immediate()
      this.storage.useKey(next)
      this.file.header = header
      this.secrets.vaultKey = next
      this.secrets.keyId = keyId
      sodium().memzero(previous)
    }
    const done = this.saving.then(run, run)
    this.saving = done.catch(() => undefined)
    return done
  }

  /** Every field as MeVault's own export; export/export-json.ts adds what other documents hold (record names). */
  async export(): Promise<VaultExport> {
    return {
      format: 'mevault.export/1',
      vaultId: this.vaultId,
      did: this.did,
      exportedAt: this.clock().toISOString(),
      fields: await this.list()
    }
  }

  async close(): Promise<void> {
    await this.saving
    try {
      // Not repo.shutdown(): it flushes every handle and throws on one a sync peer asked for that this
      // vault does not hold (left unavailable). Only ready documents have anything to save.
      for (const adapter of this.repo.networkSubsystem.adapters) adapter.disconnect()
      // Read-only: every change was refused, and a document only read (started empty) is not saved.
      // Otherwise what a sync brought and nothing saved yet is saved like any change, with its
      // views, so the next open reads views instead of loading those documents again.
      if (!this.file.readOnly) {
        const unsaved = Object.values(this.repo.handles).filter(
          (h) => h.isReady() && changedSinceSave(this.file.db, this.secrets.vaultKey, h.documentId, h.doc() as A.Doc<unknown>)
        )
        if (unsaved.length > 0) await this.makeDurable(unsaved)
      }
    } finally {
      closeVaultFile(this.file)
      for (const key of [this.secrets.vaultKey, this.secrets.namingKey, this.secretKey, this.unlockKey]) sodium().memzero(key)
    }
  }

  /**
   * Tells `listener` which documents were saved (changed here, or brought by a sync: a sync session
   * or a listening peer), once the save in progress is durable, so a face can re-read what it shows.
   * Saves close together come as one notice. `named` holds named documents (see document());
   * `records` is true when a record or the index changed. Returns a function that stops listening.
   * Reads never notify: automerge-repo saves only documents whose heads moved.
   */
  onChange(listener: (change: { records: boolean; named: string[] }) => void): () => void {
    const saved = new Set<DocumentId>()
    let stopped = false
    const announce = (): void => {
      if (stopped || saved.size === 0) return
      const ids = [...saved]
      saved.clear()
      const named = ids.flatMap((id) => this.namedIds.get(id) ?? [])
      listener({ records: named.length < ids.length, named })
    }
    const onMetrics = (event: { type: string; documentId?: DocumentId }): void => {
      // automerge-repo saves a change incrementally (doc-saved) or as a whole new snapshot (doc-compacted).
      if ((event.type !== 'doc-saved' && event.type !== 'doc-compacted') || !event.documentId) return
      if (saved.size === 0) setImmediate(() => void this.saving.then(announce)) // after the transaction commits
      saved.add(event.documentId)
    }
    this.repo.on('doc-metrics', onMetrics)
    return () => {
      this.repo.off('doc-metrics', onMetrics)
      announce() // a change saved just before the listener stops (a lock right after a set) is still told
      stopped = true
    }
  }

  /**
   * A vault document other than a record (the ledger, the device list…), by name. Its id is
   * derived like a record's, so every device of this vault finds the same document. Refused with
   * NEWER_SCHEMA when a newer MeVault wrote it (see synced-documents.ts).
   */
  async document<T>(name: string): Promise<DocHandle<T>> {
    const handle = await this.namedDocument<T>(name)
    await this.refuseNewer(name)
    return handle
  }

  /** Throws NEWER_SCHEMA if the synced `schemas` document says a newer MeVault wrote `name`. */
  private async refuseNewer(name: string): Promise<void> {
    const declared = declarationOf(name)
    if (!declared || declared.name === SCHEMAS_DOCUMENT) return
    // Never written here nor brought by a sync: no newer MeVault has said anything (and opening
    // an empty document through automerge-repo costs more than the read it guards).
    const schemasId = this.namedDocumentId(SCHEMAS_DOCUMENT)
    if (!this.named.has(SCHEMAS_DOCUMENT) && !this.repo.handles[schemasId] && !this.storage.holdsDocument(schemasId)) return
    const schemas = (await this.namedDocument<SchemasDoc>(SCHEMAS_DOCUMENT)).doc()
    const [newer] = newerThanKnown(schemas, [name])
    if (newer) throw newerSchema(newer[0], newer[1])
  }

  /** The same, from the `schemas` document if it is in memory (a sync brings it there): for saves, which cannot wait. */
  private writtenByNewer(name: string): boolean {
    const schemas = this.repo.handles[this.namedDocumentId(SCHEMAS_DOCUMENT)]
    return schemas?.isReady() === true && newerThanKnown(schemas.doc() as SchemasDoc, [name]).length > 0
  }

  /** A named document as stored, not checked against its schema: what sync carries. */
  private namedDocument<T>(name: string): Promise<DocHandle<T>> {
    let handle = this.named.get(name) as Promise<DocHandle<T>> | undefined
    if (!handle) {
      const id = this.namedDocumentId(name)
      handle = openDocument<T>(this.file.db, this.sealingKey, this.repo, this.storage, id, `${name} document`)
      handle.catch(() => this.named.delete(name))
      this.named.set(name, handle as Promise<DocHandle<unknown>>)
    }
    return handle
  }

  /**
   * What a named document says, in the shape `read` makes of it, from its sealed view: the
   * document is loaded only when the view is stale (changed by a sync, a first open) and the view
   * is then written again. `heads` changes whenever the content may have, for callers that cache.
   * The reader is the one declared for the name with defineNamedView().
   */
  async documentView<V>(name: string): Promise<{ heads: string; content: V }> {
    const reader = namedViewReader(name)
    if (!reader) throw new Error(`No view is defined for the ${name} document`)
    await this.refuseNewer(name)
    const id = this.namedDocumentId(name)
    const live = this.repo.handles[id]
    const cached = this.namedContent.get(id)
    if (live?.isReady()) {
      const heads = live.heads().join(',')
      if (cached?.heads === heads) return cached as { heads: string; content: V }
    } else {
      if (cached) return cached as { heads: string; content: V }
      const view = this.present.namedView(id, name)
      if (view) return this.keepContent(id, view.heads.join(','), view.content as V)
    }
    const handle = await this.document<unknown>(name)
    if (!live?.isReady() && this.storage.holdsDocument(id)) this.present.writeViewsNow([handle as DocHandle<unknown>])
    return this.keepContent(id, handle.heads().join(','), reader.read(handle.doc()) as V)
  }

  /**
   * One part of a named document's view (see defineNamedView's `parts`), or undefined when that
   * part is empty. Read alone from its sealed slice while the document is not in memory; the
   * whole view is read only when the slices are stale or missing, and they are then written again.
   */
  async documentViewPart<P>(name: string, part: string): Promise<P | undefined> {
    const reader = namedViewReader(name)
    if (!reader?.parts) throw new Error(`No view parts are defined for the ${name} document`)
    await this.refuseNewer(name)
    const id = this.namedDocumentId(name)
    if (!this.repo.handles[id]?.isReady() && !this.namedContent.has(id)) {
      let kept = this.storedParts.get(id)
      const known = kept?.get(part)
      if (known) return known.found ? (known.content as P) : undefined
      const stored = this.present.namedViewPart<P>(id, name, part)
      if (stored) {
        if (!kept) this.storedParts.set(id, (kept = new Map()))
        kept.set(part, stored)
        return stored.found ? stored.content : undefined
      }
      const fromView = this.present.namedViewPartsFromView(id, name)
      if (fromView) return fromView.get(part) as P | undefined
    }
    this.storedParts.delete(id)
    const { heads, content } = await this.documentView<unknown>(name)
    let made = this.namedParts.get(id)
    if (made?.heads !== heads) this.namedParts.set(id, (made = { heads, parts: reader.parts(content) }))
    return made.parts.get(part) as P | undefined
  }

  private keepContent<V>(id: DocumentId, heads: string, content: V): { heads: string; content: V } {
    const kept = { heads, content }
    this.namedContent.set(id, kept)
    return kept
  }

  /** Changes a named document (see document()) and returns once the change is durable. */
  async changeDocument<T>(handle: DocHandle<T>, change: (doc: T) => void): Promise<void> {
    await this.changeDocuments([documentChange(handle, change)])
  }

  /**
   * Changes several named documents and makes them durable together: one SQLite transaction, one
   * disk sync, so a crash keeps all of the changes or none (an answer's receipt and its kept packet).
   */
  async changeDocuments(changes: readonly DocumentChange[]): Promise<void> {
    for (const { handle, change } of changes) handle.change(change, this.changeOptions())
    await this.makeDurable([...new Set(changes.map(({ handle }) => handle))])
  }

  /**
   * The narrow seam every transport uses (sync with a paired device, the sync folder): attach an
   * adapter for a session, the documents to carry, saving them, keys derived per purpose.
   */
  syncPort(): SyncPort {
    this.port ??= new SyncPort({
      repo: this.repo,
      documentIds: (named) => this.syncDocumentIds(named),
      load: (named) => this.loadForSync(named),
      open: (name) => this.namedDocument<unknown>(name),
      // Many documents at once, with their heads (one SQLite transaction, one disk sync).
      save: (handles) => this.makeDurable(handles),
      key: (base) => (base === 'naming' ? this.secrets.namingKey : this.secrets.vaultKey),
      firstCopy: this.firstCopyParts()
    })
    return this.port
  }

  /** What a first copy reads here (as the sending device) and stores here (as the new one): see sync-port.ts. */
  private firstCopyParts(): FirstCopyParts {
    const live = (id: DocumentId): DocHandle<unknown> | undefined => {
      const handle = this.repo.handles[id]
      return handle?.isReady() ? handle : undefined
    }
    return {
      indexId: this.indexId,
      recordId: (record) => this.recordDocumentId(record),
      holds: (id) => this.storage.holdsDocument(id) || live(id) !== undefined,
      savedBytes: async (ids) => {
        const saved = new Map<DocumentId, Uint8Array>()
        for (const id of ids) {
          // Snapshots first, then incremental changes: the order automerge-repo loads them in.
          const chunks = [...(await this.storage.loadRange([id, 'snapshot'])), ...(await this.storage.loadRange([id, 'incremental']))]
          if (chunks.length > 0) saved.set(id, Buffer.concat(chunks.map((chunk) => chunk.data!)))
        }
        return saved
      },
      headsNow: (ids) => {
        const heads = new Map<DocumentId, string[]>()
        for (const id of ids) {
          const handle = live(id)
          const now = handle ? A.getHeads(handle.doc() as A.Doc<unknown>) : (readSealedJson(this.file.db, this.secrets.vaultKey, `heads:${id}`) as string[] | undefined)
          if (now) heads.set(id, now)
        }
        return heads
      },
      store: (documents) => this.storeCopied(documents)
    }
  }

  /**
   * Stores documents a first copy brought, in one transaction, without loading them into the Repo:
   * each as one snapshot chunk under the key automerge-repo would give it, with its heads (the
   * damage check on load) and its view (the read model). Documents already here are skipped.
   */
  private storeCopied(documents: readonly CheckedDocument[]): Promise<DocumentId[]> {
    const run = async (): Promise<DocumentId[]> => {
      const db = this.file.db
      const stored: DocumentId[] = []
      assertWritable(this.file)
      db.exec('BEGIN IMMEDIATE')
      try {
        for (const { id, bytes, heads, view } of documents) {
          if (this.storage.holdsDocument(id) || this.repo.handles[id]) continue
          const fingerprint = this.storage.saveFirstChunk([id, 'snapshot', snapshotKeyOf(heads)], bytes)
          recordHeads(db, this.secrets.vaultKey, id, heads)
          this.views.write(id, view, fingerprint)
          stored.push(id)
        }
        db.exec('COMMIT')
      } catch (error) {
        if (db.inTransaction) db.exec('ROLLBACK')
        throw error
      }
      this.present.forget() // read again from the views on disk, which now hold the copy
      return stored
    }
    const done = this.saving.then(run, run)
    this.saving = done.then(
      () => undefined,
      () => undefined
    )
    return done
  }

  /**
   * The ids sync must carry: the index, each record it names, and the given named documents.
   * Derived from the vault key, so a device can ask a peer for a record it has never seen.
   */
  private async syncDocumentIds(namedDocuments: readonly string[]): Promise<DocumentId[]> {
    await this.index() // loaded for sync: the records it names travel too
    return [
      this.indexId,
      ...(await this.recordNames()).map((record) => this.recordDocumentId(record)),
      ...namedDocuments.map((name) => this.namedDocumentId(name))
    ]
  }

  /**
   * Loads every document sync carries into memory (each checked against its durable heads): the
   * index, each record it names that is here, and the named documents. For writing them out whole.
   */
  private async loadForSync(namedDocuments: readonly string[]): Promise<void> {
    await this.index()
    for (const record of await this.recordNames()) {
      await this.recordHandle(record, false).catch((error: unknown) => {
        if (!isMeVaultError(error, 'NOT_FOUND')) throw error // still arriving: nothing to write yet
      })
    }
    for (const name of namedDocuments) await this.namedDocument(name) // carried, not read: no schema check
  }

  /** The id of a record's document (derived: the same on every device of this vault). */
  recordDocumentId(record: string): DocumentId {
    return this.derivedId(recordDocumentName(record))
  }

  /** The id of a named document, derived like a record's; remembered so its view can be named. */
  private namedDocumentId(name: string): DocumentId {
    const id = this.derivedId(`named:${name}`)
    this.namedIds.set(id, name)
    return id
  }

  /** Ids are derived once per name: each is a keyed hash and a base58check encoding. */
  private derivedId(name: string): DocumentId {
    let id = this.derivedIds.get(name)
    if (id === undefined) this.derivedIds.set(name, (id = documentIdFor(this.secrets.namingKey, name)))
    return id
  }

  /** For pairing only: copies of what a joining device needs, sent over the authenticated channel. */
  secretsForJoiningDevice(): { vaultKey: Uint8Array; namingKey: Uint8Array; keyId: string; identitySecretKey: Uint8Array } {
    return {
      vaultKey: this.secrets.vaultKey.slice(),
      namingKey: this.secrets.namingKey.slice(),
      keyId: this.secrets.keyId,
      identitySecretKey: this.secrets.identity.secretKey.slice()
    }
  }

  /**
   * For a backup: the vault file as it is now, through this connection (SQLite's serialization,
   * after the save in progress and before the next, so it is one consistent state even while
   * this process keeps working), with the header and a copy of the vault key it is sealed under.
   * Everything in the image stays sealed; nothing is decrypted.
   */
  snapshot(): Promise<{ image: Uint8Array; header: VaultHeader; vaultKey: Uint8Array }> {
    const run = async (): Promise<{ image: Uint8Array; header: VaultHeader; vaultKey: Uint8Array }> => ({
      image: this.file.db.serialize(),
      header: this.file.header,
      vaultKey: this.secrets.vaultKey.slice()
    })
    const done = this.saving.then(run, run)
    this.saving = done.then(
      () => undefined,
      () => undefined
    )
    return done
  }

  /** A setting of this device only (where it keeps automatic backups), sealed in the vault file, never synced. */
  localSetting(name: string): unknown {
    return readSealedJson(this.file.db, this.secrets.vaultKey, `setting:${name}`)
  }

  setLocalSetting(name: string, value: unknown): void {
    assertWritable(this.file)
    writeSealedJson(this.file.db, this.secrets.vaultKey, `setting:${name}`, value)
  }

  /** The key in use now, read when used: a rotation replaces it. */
  private readonly sealingKey = (): Uint8Array => this.secrets.vaultKey

  /** The current time, from the vault's clock (fixed in tests). */
  now(): Date {
    return this.clock()
  }

  /** When and where a change is made, as stored with each field. */
  private stamp(): { updatedAt: string; device: string } {
    return { updatedAt: this.clock().toISOString(), device: this.device.name }
  }

  private changeOptions(): { message: string; time: number } {
    // Every local change asks for these before it is applied: a read-only vault refuses it here,
    // with the document still untouched in memory.
    assertWritable(this.file)
    return { message: this.device.name, time: Math.floor(this.clock().getTime() / 1000) }
  }

  /** Durable before returning: the record and (for a new record) the index that names it, together. */
  private async persist(record: string, handle: DocHandle<RecordDoc>): Promise<void> {
    await this.makeDurable([handle, ...(await this.nameInIndex([record]))])
  }

  /**
   * Names new records in the index, in memory: the caller makes the index durable in the same
   * transaction as the records it names (returned here when it changed), so neither is on disk
   * without the other. A save that fails (a full disk) takes the index back to what the disk holds
   * (forgetUnsaved), leaving no entry for automerge-repo to save later naming a record that never was.
   */
  private async nameInIndex(records: string[]): Promise<Array<DocHandle<unknown>>> {
    const index = await this.index()
    const named = index.doc()
    // In key order: Automerge puts keys into a large map a quarter faster in the order it keeps them.
    const added = records.filter((record) => !(record in named)).sort()
    if (added.length === 0) return []
    const now = this.clock()
    index.change((doc) => {
      for (const record of added) doc[record] = new Date(now)
    }, this.changeOptions())
    return [index as DocHandle<unknown>]
  }

  /**
   * Saves the documents and their heads in one SQLite transaction (one disk sync, all or nothing),
   * one save at a time: overlapping automerge-repo flushes of one document each write a full copy.
   */
  private makeDurable(handles: Array<DocHandle<unknown>>, newRecords: readonly NewRecord[] = []): Promise<void> {
    const run = async (): Promise<void> => {
      const db = this.file.db
      db.exec('BEGIN IMMEDIATE')
      try {
        await this.repo.flush(handles.map((h) => h.documentId))
        for (const h of handles) recordHeads(db, this.secrets.vaultKey, h.documentId, A.getHeads(h.doc() as A.Doc<unknown>))
        this.present.writeViews(handles) // the read model, in the same transaction as what it reflects
        for (const { bytes, view } of newRecords) {
          // One snapshot chunk under the key automerge-repo gives one, as a first copy is stored.
          const id = this.recordDocumentId(view.name)
          const fingerprint = this.storage.saveFirstChunk([id, 'snapshot', snapshotKeyOf(view.heads)], bytes)
          recordHeads(db, this.secrets.vaultKey, id, view.heads)
          this.present.writeRecordView(id, view, fingerprint)
        }
        db.exec('COMMIT')
      } catch (error) {
        if (db.inTransaction) db.exec('ROLLBACK')
        await this.forgetUnsaved(handles)
        throw error
      }
    }
    const done = this.saving.then(run, run)
    this.saving = done.catch(() => undefined)
    return done
  }


  /**
   * After a save that failed (a full disk), what memory holds of those documents is ahead of the
   * disk, and automerge-repo counts the changes it handed to the rolled-back transaction as saved:
   * a later save would record heads whose changes were never written. So each document goes back
   * to what the disk holds, read again through automerge-repo's storage (which also resets its
   * record of what is saved); a document never saved goes back to empty.
   */
  private async forgetUnsaved(handles: Array<DocHandle<unknown>>): Promise<void> {
    for (const handle of handles) {
      const onDisk = await this.repo.storageSubsystem?.loadDoc<unknown>(handle.documentId)
      handle.update(() => onDisk ?? A.init())
    }
    this.present.forget()
  }

  private async existingRecord(target: FieldPath): Promise<DocHandle<RecordDoc>> {
    try {
      return await this.recordHandle(target.record, false)
    } catch (error) {
      if (isMeVaultError(error, 'NOT_FOUND')) throw notFound(`No field ${target.path}`)
      throw error
    }
  }

  private get indexId(): DocumentId {
    return documentIdFor(this.secrets.namingKey, INDEX_DOCUMENT)
  }

  /** The index document, loaded when a record is added or the vault syncs, not to read. */
  private index(): Promise<DocHandle<IndexDoc>> {
    if (!this.indexHandle) {
      this.indexHandle = openDocument<IndexDoc>(this.file.db, this.sealingKey, this.repo, this.storage, this.indexId, 'index')
      this.indexHandle.catch(() => (this.indexHandle = undefined))
    }
    return this.indexHandle
  }

  private recordHandle(record: string, create: boolean): Promise<DocHandle<RecordDoc>> {
    let handle = this.records.get(record)
    if (!handle) {
      const id = this.recordDocumentId(record)
      this.present.noteRecord(id, record)
      handle = openDocument<RecordDoc>(this.file.db, this.sealingKey, this.repo, this.storage, id, `record ${record}`, create)
      handle.catch(() => this.records.delete(record))
      this.records.set(record, handle)
    }
    return handle
  }
}

/**
 * A document with a known id: loaded from storage if anything is stored for it, else started
 * empty under that id (ids are derived, so every device starts the same document).
 */
async function openDocument<T>(
  db: Db,
  sealingKey: () => Uint8Array,
  repo: Repo,
  storage: SqliteStorageAdapter,
  id: DocumentId,
  what: string,
  create = true
): Promise<DocHandle<T>> {
  const held = repo.handles[id]
  if (held?.isReady() && storage.holdsDocument(id)) {
    // Already in memory (it arrived by sync): its chunks were written from it, not read back.
    verifyHeads(db, sealingKey(), id, held.doc(), what)
    return held as DocHandle<T>
  }
  if (storage.holdsDocument(id)) {
    // Open every chunk before automerge-repo sees them: a failure inside repo.find() would leave
    // a handle stuck loading. The opened chunks are handed over, not decrypted twice.
    await storage.preload([id], what)
    let handle: DocHandle<T>
    try {
      handle = await repo.find<T>(id)
    } catch (error) {
      throw new MeVaultError('INTEGRITY', `The vault's ${what} could not be read`, { cause: error })
    }
    verifyHeads(db, sealingKey(), id, handle.doc(), what)
    return handle
  }
  // Saved here before (its heads were kept) yet nothing stored: lost, not new.
  if (hasRecordedHeads(db, sealingKey(), id)) throw new MeVaultError('INTEGRITY', `The vault's ${what} is missing from storage`)
  // Never saved here: named by a synced index, its document is still on its way.
  if (!create) throw notFound(`The vault's ${what} has not arrived from a paired device yet`)
  const handle = repo.import<T>(EMPTY_DOCUMENT, { docId: id })
  // import() with an id leaves the handle loading; nothing more is coming, so it is ready.
  handle.doneLoading()
  return handle
}

/** automerge-repo's storage key part for a snapshot at these heads (its headsHash): SHA-256 of the heads' text, hex. */
const snapshotKeyOf = (heads: readonly string[]): string => createHash('sha256').update(heads.join('')).digest('hex')

function toView(target: FieldPath, field: PlainField): FieldView {
  return { path: target.path, record: target.record, field: target.field, ...field }
}
