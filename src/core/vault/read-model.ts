import * as A from '@automerge/automerge'
import type { DocHandle, DocumentId } from '@automerge/automerge-repo'
import { asStorageFault, isMeVaultError, MeVaultError } from '../../shared/errors.js'
import type { Db } from '../store/database.js'
import type { DocumentView, DocumentViews } from '../store/document-views.js'
import type { SqliteStorageAdapter } from '../store/sqlite-storage-adapter.js'
import type { PartRead, ViewParts } from '../store/view-parts.js'
import type { NamedViewReader } from './named-views.js'
import { INDEX_DOCUMENT, type IndexDoc, type RecordDoc } from './documents.js'
import { type IndexContent, indexView, recordState, type RecordState, recordView } from './record-state.js'

/** A record that could not be read (damaged storage); the rest of the vault stays usable. */
export interface DamagedRecord {
  record: string
  message: string
}

/** What reads see: the readable records, the damaged ones, and those still arriving by sync. */
export interface PresentRecords {
  states: RecordState[]
  damaged: DamagedRecord[]
  /** Named by the index but not here yet, or here only in part: a sync will complete them. */
  pending: string[]
}

/** What the read model needs from the vault: where documents are, and how to load one. */
export interface ReadModelHost {
  db: Db
  storage: SqliteStorageAdapter
  views: DocumentViews
  parts: ViewParts
  indexId: DocumentId
  recordId(record: string): DocumentId
  /** Loads a record's document (verified against its durable heads); NOT_FOUND when it has not arrived. */
  openRecord(record: string): Promise<DocHandle<RecordDoc>>
  openIndex(): Promise<DocHandle<IndexDoc>>
  /** The document's handle if it is in memory and ready (edited or synced in this process). */
  liveHandle(id: DocumentId): DocHandle<unknown> | undefined
  /** Names a named document by id, when this process opened it. */
  namedDocument(id: DocumentId): string | undefined
  /** How a named document's view is read from it, for the documents that have one (the ledger's). */
  namedView(name: string): NamedViewReader | undefined
}

/**
 * The vault's present state, read from the sealed views (store/document-views.ts) instead of
 * replaying documents. Only documents whose view is stale or missing are loaded, and their views
 * rewritten; documents changed in memory (by an edit or a sync in this process) are read from
 * their handles, so a read never shows less than the process holds.
 */
export class ReadModel {
  private readonly states = new Map<string, RecordState>()
  private readonly damaged = new Map<string, DamagedRecord>()
  private readonly recordIds = new Map<DocumentId, string>()
  private indexNames = new Set<string>()
  private indexHeads = ''
  private loading: Promise<void> | undefined

  constructor(private readonly host: ReadModelHost) {}

  /** Every record, read once from the views and kept current from then on. */
  async all(): Promise<PresentRecords> {
    await this.loadAll()
    this.followLiveHandles()
    const states = [...this.states.values()].sort((a, b) => (a.record < b.record ? -1 : a.record > b.record ? 1 : 0))
    const pending = [...this.indexNames].filter((name) => !this.damaged.has(name) && (this.states.get(name)?.pending ?? true))
    return { states, damaged: [...this.damaged.values()], pending: pending.sort() }
  }

  /** One record, reading only its own view when the rest has not been read yet. */
  async one(record: string): Promise<RecordState | undefined> {
    if (this.loading) {
      await this.loadAll()
      this.followLiveHandles()
    } else if (!this.states.has(record)) {
      await this.loadOne(record)
    }
    const damage = this.damaged.get(record)
    if (damage) throw new MeVaultError('INTEGRITY', damage.message)
    const state = this.states.get(record)
    if (state) this.followLive(state.documentId, record)
    return this.states.get(record)
  }

  /** Drops what was read, so the next read comes from the views on disk (after a save that failed). */
  forget(): void {
    this.states.clear()
    this.damaged.clear()
    this.indexNames = new Set()
    this.indexHeads = ''
    this.loading = undefined
  }

  /** Tells which document holds a record, for views written before the index was read. */
  noteRecord(id: DocumentId, record: string): void {
    this.recordIds.set(id, record)
  }

  recordNames(): string[] {
    return [...new Set([...this.indexNames, ...this.states.keys()])].sort()
  }

  /**
   * Rewrites the views of documents just made durable, inside the caller's transaction (after the
   * chunks are written, so the fingerprint is theirs). Records the index names become known here.
   */
  writeViews(handles: Array<DocHandle<unknown>>): void {
    const index = handles.find((h) => h.documentId === this.host.indexId) as DocHandle<IndexDoc> | undefined
    if (index) this.noteIndex(index.doc())
    for (const handle of handles) {
      const id = handle.documentId
      const fingerprint = this.host.storage.fingerprintOf(id)
      if (fingerprint === undefined) continue // nothing stored (an empty document never written)
      const view = this.viewOf(handle)
      this.host.views.write(id, view, fingerprint)
      if (view.kind === 'record') this.accept(id, view)
      else if (view.kind === 'named') this.writeParts(id, view, fingerprint)
    }
  }

  /** The view of a new record stored without a handle (Vault.setFields), inside the caller's transaction. */
  writeRecordView(id: DocumentId, view: DocumentView, fingerprint: string): void {
    this.host.views.write(id, view, fingerprint)
    this.accept(id, view)
  }

  private viewOf(handle: DocHandle<unknown>): DocumentView {
    const id = handle.documentId
    if (id === this.host.indexId) return indexView(handle.doc() as A.Doc<IndexDoc>)
    const record = this.recordIds.get(id)
    if (record !== undefined) return recordView(record, handle.doc() as A.Doc<RecordDoc>)
    const name = this.host.namedDocument(id) ?? ''
    const shape = this.host.namedView(name)?.shape
    return { kind: 'named', name, heads: handle.heads(), pending: false, content: this.namedContent(name, handle), ...(shape ? { shape } : {}) }
  }

  /**
   * A named document's view content, or null when it has none or cannot be read: a save never
   * fails for a view (a damaged receipt synced in, say); the reader meets the damage instead.
   */
  private namedContent(name: string, handle: DocHandle<unknown>): unknown {
    const reader = this.host.namedView(name)
    if (!reader) return null
    try {
      return reader.read(handle.doc())
    } catch {
      return null
    }
  }

  /**
   * A named document's view, if its sealed view is fresh, has content and is of the reader's shape;
   * else undefined, and the caller reads the document (and writes the view back with writeViews()).
   */
  namedView(id: DocumentId, name: string): DocumentView | undefined {
    const view = this.host.views.readOne(id, this.host.storage.fingerprintOf(id))
    const shape = this.host.namedView(name)?.shape
    return view?.kind === 'named' && view.name === name && view.content !== null && (view.shape ?? 1) === shape ? view : undefined
  }

  /** A named view's parts, beside it and with its fingerprint (none for a view without parts, or without content). */
  private writeParts(id: DocumentId, view: DocumentView, fingerprint: string): void {
    const reader = this.host.namedView(view.name)
    if (!reader?.parts) return
    if (view.content === null) this.host.parts.remove(id)
    else this.host.parts.write(id, reader.parts(view.content), fingerprint, reader.shape)
  }

  /** One part of a named document's view, if its stored parts are fresh (see ViewParts.read). */
  namedViewPart<T>(id: DocumentId, name: string, part: string): PartRead<T> | undefined {
    const reader = this.host.namedView(name)
    if (!reader?.parts) return undefined
    return this.host.parts.read<T>(id, part, this.host.storage.fingerprintOf(id), reader.shape)
  }

  /**
   * The parts of a named view that is fresh but whose parts are not (a first copy stored the view
   * alone; a vault from before parts): made from the view and written, in one synchronous step so
   * no save can come between the view read and the parts written with its fingerprint.
   */
  namedViewPartsFromView(id: DocumentId, name: string): ReadonlyMap<string, unknown> | undefined {
    const reader = this.host.namedView(name)
    const fingerprint = this.host.storage.fingerprintOf(id)
    const view = this.namedView(id, name)
    if (!reader?.parts || !view || fingerprint === undefined) return undefined
    const parts = reader.parts(view.content)
    writeBack(() => this.host.db.transaction(() => this.host.parts.write(id, parts, fingerprint, reader.shape))())
    return parts
  }

  /** Writes the views of documents read outside a save (their chunks unchanged), where the vault is writable. */
  writeViewsNow(handles: Array<DocHandle<unknown>>): void {
    writeBack(() => this.host.db.transaction(() => this.writeViews(handles))())
  }

  private noteIndex(doc: A.Doc<IndexDoc>): void {
    const heads = A.getHeads(doc).join(',')
    if (heads === this.indexHeads) return
    this.indexHeads = heads
    this.noteIndexNames(Object.keys(doc))
  }

  private noteIndexNames(names: string[]): void {
    this.indexNames = new Set(names)
    for (const name of names) this.recordIds.set(this.host.recordId(name), name)
  }

  private accept(id: DocumentId, view: DocumentView): void {
    this.recordIds.set(id, view.name)
    this.states.set(view.name, recordState(id, view))
    this.damaged.delete(view.name)
  }

  private fromDocument(record: string, handle: DocHandle<RecordDoc>): void {
    this.accept(handle.documentId, recordView(record, handle.doc()))
  }

  /** Sync in this process may have changed documents in memory: read those from their handles. */
  private followLiveHandles(): void {
    const index = this.host.liveHandle(this.host.indexId)
    if (index) this.noteIndex(index.doc() as A.Doc<IndexDoc>)
    for (const [id, record] of this.recordIds) this.followLive(id, record)
  }

  /** Reads the record from its handle when one in memory is ahead of what was read. */
  private followLive(id: DocumentId, record: string): void {
    const live = this.host.liveHandle(id)
    if (live && headsOf(live) !== this.states.get(record)?.heads) this.fromDocument(record, live as DocHandle<RecordDoc>)
  }

  private loadAll(): Promise<void> {
    this.loading ??= this.readAll().catch((error: unknown) => {
      this.loading = undefined
      throw error
    })
    return this.loading
  }

  /**
   * Reads every view; loads only the documents whose view is stale or missing (a save made outside
   * the vault's transactions, a first open after an upgrade, damage) and rewrites their views.
   */
  private async readAll(): Promise<void> {
    const fingerprints = this.host.storage.fingerprints()
    const read = this.host.views.readAll(fingerprints)
    const toRebuild = new Set<string>()
    let indexKnown = false
    for (const [id, view] of read.fresh) {
      if (view.kind === 'record') this.accept(id as DocumentId, view)
      else if (view.kind === 'index') {
        this.noteIndexNames(view.content as IndexContent)
        this.indexHeads = view.heads.join(',')
        indexKnown = true
      }
    }
    for (const view of read.stale.values()) {
      if (view.kind === 'record') toRebuild.add(view.name)
      else if (view.kind === 'index') indexKnown = false
    }
    for (const view of read.orphaned.values()) {
      if (view.kind === 'record') this.damaged.set(view.name, { record: view.name, message: `The vault's record ${view.name} is missing from storage` })
    }
    if (!indexKnown || read.unknown.length > 0) {
      // Which documents are records is written in the index: read it from its document.
      if (fingerprints.has(this.host.indexId)) {
        const index = await this.host.openIndex()
        this.noteIndex(index.doc())
        toRebuild.add(INDEX_DOCUMENT)
      }
    }
    for (const [id, view] of read.fresh) {
      // Noted as "not a record" before the index named it (it arrived first): read it as the record it is.
      const record = this.recordIds.get(id as DocumentId)
      if (view.kind === 'named' && record !== undefined) toRebuild.add(record)
    }
    const others: string[] = []
    for (const id of read.unknown) {
      const record = this.recordIds.get(id as DocumentId)
      if (record !== undefined) toRebuild.add(record)
      else if (id !== this.host.indexId) others.push(id)
    }
    await this.rebuild(toRebuild, fingerprints, others)
    // A view that failed authentication was rebuilt from its document, and is reported like other damage.
    for (const id of read.unreadable) {
      const record = this.recordIds.get(id as DocumentId)
      if (record !== undefined && !this.damaged.has(record)) {
        this.damaged.set(record, { record, message: `The vault's saved view of record ${record} was damaged; it was read again from the record itself` })
      }
    }
  }

  private async loadOne(record: string): Promise<void> {
    const id = this.host.recordId(record)
    const fingerprint = this.host.storage.fingerprintOf(id)
    const view = this.host.views.readOne(id, fingerprint)
    if (view?.kind === 'record' && view.name === record) return this.accept(id, view)
    await this.rebuild(new Set([record]), new Map(fingerprint === undefined ? [] : [[id, fingerprint]]))
  }

  /** Loads each named document, reads its view, and writes the views back in one transaction. */
  private async rebuild(names: Set<string>, fingerprints: Map<string, string>, namedIds: string[] = []): Promise<void> {
    const handles: Array<DocHandle<unknown>> = []
    for (const name of names) {
      try {
        const handle = name === INDEX_DOCUMENT ? await this.host.openIndex() : await this.host.openRecord(name)
        if (name !== INDEX_DOCUMENT) this.fromDocument(name, handle as DocHandle<RecordDoc>)
        // Only when the chunks are still those that were fingerprinted (nothing saved since).
        if (this.host.storage.fingerprintOf(handle.documentId) === fingerprints.get(handle.documentId)) handles.push(handle)
      } catch (error) {
        if (isMeVaultError(error, 'NOT_FOUND')) continue // named by the index, still arriving: pending
        if (!isMeVaultError(error, 'INTEGRITY')) throw error
        this.damaged.set(name, { record: name, message: error.message })
        this.states.delete(name)
      }
    }
    if (handles.length === 0 && namedIds.length === 0) return
    writeBack(() =>
      this.host.db.transaction(() => {
        this.writeViews(handles)
        // Documents other than records have no view to read; noting their chunks stops the next
        // open from reading the index again to learn that they are not records.
        for (const id of namedIds) this.host.views.write(id, { kind: 'named', name: '', heads: [], pending: false, content: null }, fingerprints.get(id)!)
      })()
    )
  }
}

/** A document's heads as the views keep them (Automerge's hex hashes; a handle's heads() are base58). */
const headsOf = (handle: DocHandle<unknown>): string => A.getHeads(handle.doc() as A.Doc<unknown>).join(',')

/**
 * Writes views that a read rebuilt. Only a saving: a read-only vault or a full disk is read as it
 * is, its views rebuilt in memory at each open, and the read itself never fails for it.
 */
function writeBack(write: () => void): void {
  try {
    write()
  } catch (error) {
    if (!isMeVaultError(asStorageFault(error), 'READ_ONLY') && !isMeVaultError(asStorageFault(error), 'DISK_FULL')) throw error
  }
}
