import * as A from '@automerge/automerge'
import type { DocHandle, DocumentId, NetworkAdapterInterface, PeerId, Repo, StorageId } from '@automerge/automerge-repo'
import { sodium } from '../crypto/sodium.js'
import type { DocumentView } from '../store/document-views.js'

/**
 * What a transport may do with a vault, and nothing more: the narrow seam between the vault and
 * sync (a paired device on the network, a sync folder, and whatever transport comes next). The
 * vault's Repo stays private behind it. Keys are derived per purpose, never handed out.
 */

/** Why a key is derived: each purpose gets its own subkey (libsodium crypto_kdf), so no two uses share one. */
export type KeyPurpose = 'sync-folder'

/** Which vault key a purpose key derives from: the one in use now, or the naming key (which never rotates). */
export type KeyBase = 'current' | 'naming'

const KDF_CONTEXT = 'MeVault1' // crypto_kdf's context: exactly 8 bytes, the same on every device
const SUBKEY_IDS: Record<KeyPurpose, number> = { 'sync-folder': 1 }

/** A repo message as a transport sees it: who sent it and about which document. */
export interface SyncMessage {
  type: string
  senderId: PeerId
  documentId?: DocumentId
}

/** One adapter attached for one session: detach() ends it and closes the vault's documents to its peers. */
export interface SyncAttachment {
  detach(): void
}

/** A document received in a first copy, already checked: it loads, its id is one this vault names. */
export interface CheckedDocument {
  id: DocumentId
  /** Its saved bytes, as received (they loaded as Automerge). */
  bytes: Uint8Array
  /** Its heads, from loading those bytes (Automerge's hex hashes). */
  heads: string[]
  /** Its read-model view, made here from the loaded document (never the sender's). */
  view: DocumentView
}

/** What a first copy needs from the vault, without loading any document into the Repo. */
export interface FirstCopyParts {
  indexId: DocumentId
  /** A record's id, as this vault's naming key derives it. */
  recordId(record: string): DocumentId
  /** Whether this vault holds any document, or a document in memory, under the id. */
  holds(id: DocumentId): boolean
  /** Each document's stored chunks joined into one saved document (decrypted, not loaded); none for a document with no content. */
  savedBytes(ids: readonly DocumentId[]): Promise<Map<DocumentId, Uint8Array>>
  /** Each document's heads now: from memory when it is loaded, else as last made durable here. */
  headsNow(ids: readonly DocumentId[]): Map<DocumentId, string[]>
  /**
   * Stores the documents, each with its heads and view, in one transaction (all or nothing),
   * skipping any this vault already holds (those sync the normal way). Returns the ids stored.
   */
  store(documents: readonly CheckedDocument[]): Promise<DocumentId[]>
}

/** What Vault hands its port: the Repo and the few vault operations sync needs. */
export interface SyncPortParts {
  repo: Repo
  /** The ids sync carries: the index, each record it names, and the given named documents. */
  documentIds(named: readonly string[]): Promise<DocumentId[]>
  /** Every document sync carries, loaded into memory (each checked against its durable heads). */
  load(named: readonly string[]): Promise<void>
  /** A named document as stored (started empty under its derived id), without reading it. */
  open(name: string): Promise<DocHandle<unknown>>
  /** Durable, with heads and views, in one transaction. */
  save(handles: Array<DocHandle<unknown>>): Promise<void>
  /** The live key (not a copy): derived from, never returned. */
  key(base: KeyBase): Uint8Array
  firstCopy: FirstCopyParts
}

export class SyncPort {
  readonly #parts: SyncPortParts
  readonly #repo: Repo
  /** Peers connected through an adapter attached now: the only ones the vault shares with. */
  readonly #peers = new Map<PeerId, NetworkAdapterInterface>()
  readonly #attached = new Set<NetworkAdapterInterface>()
  /** Per peer: the heads of each document a first copy gave it (see noteFirstCopy). */
  readonly #copiedTo = new Map<PeerId, Map<DocumentId, string>>()
  #before: Repo['shareConfig'] | undefined

  constructor(parts: SyncPortParts) {
    this.#parts = parts
    this.#repo = parts.repo
  }

  /**
   * Attaches a network adapter for one session. While attached, the vault shares its documents with
   * the peers that adapter connected (secure adapters connect only paired devices, after their
   * handshake), and with no one else; the share policy in force before is restored once the last
   * adapter is detached, so nothing stays open after a session.
   */
  attach(adapter: NetworkAdapterInterface): SyncAttachment {
    const joined = ({ peerId }: { peerId: PeerId }): void => void this.#peers.set(peerId, adapter)
    const left = ({ peerId }: { peerId: PeerId }): void => {
      if (this.#peers.get(peerId) === adapter) this.#peers.delete(peerId)
    }
    // Before the Repo's own listeners: a peer is known here by the time the Repo asks about it.
    adapter.on('peer-candidate', joined)
    adapter.on('peer-disconnected', left)
    if (this.#attached.size === 0) {
      this.#before = this.#repo.shareConfig
      const shared = async (peerId: PeerId): Promise<boolean> => this.#peers.has(peerId)
      // A document a first copy gave the peer, unchanged since, is not offered: the peer asks for
      // it if it wants it (access still allows), so a new device is not sent one round per document.
      const announce = async (peerId: PeerId, documentId?: DocumentId): Promise<boolean> =>
        this.#peers.has(peerId) && !(documentId !== undefined && this.#copiedUnchanged(peerId, documentId))
      this.#repo.shareConfig = { announce, access: shared }
    }
    this.#attached.add(adapter)
    this.#repo.networkSubsystem.addNetworkAdapter(adapter)
    let attached = true
    return {
      detach: () => {
        if (!attached) return
        attached = false
        adapter.disconnect()
        this.#repo.networkSubsystem.removeNetworkAdapter(adapter)
        adapter.off('peer-candidate', joined)
        adapter.off('peer-disconnected', left)
        for (const [peerId, via] of this.#peers) if (via === adapter) this.#peers.delete(peerId)
        this.#attached.delete(adapter)
        if (this.#attached.size === 0 && this.#before) this.#repo.shareConfig = this.#before
      }
    }
  }

  /** What a first copy reads and stores (sync/first-copy-*.ts). */
  get firstCopy(): FirstCopyParts {
    return this.#parts.firstCopy
  }

  /** Remembers what a first copy gave a peer: each document's heads, as sent. */
  noteFirstCopy(peerId: PeerId, heads: ReadonlyMap<DocumentId, readonly string[]>): void {
    this.#copiedTo.set(peerId, new Map([...heads].map(([id, h]) => [id, [...h].sort().join(',')])))
  }

  #copiedUnchanged(peerId: PeerId, documentId: DocumentId): boolean {
    const copied = this.#copiedTo.get(peerId)?.get(documentId)
    const live = copied === undefined ? undefined : this.handle(documentId)
    return live !== undefined && [...A.getHeads(live.doc() as A.Doc<unknown>)].sort().join(',') === copied
  }

  /** Every repo message received from a peer, until the returned function is called. */
  onMessage(listener: (message: SyncMessage) => void): () => void {
    this.#repo.networkSubsystem.on('message', listener)
    return () => this.#repo.networkSubsystem.off('message', listener)
  }

  /** Each time a peer's sync state changes (and a save of it is scheduled), until the returned function is called. */
  onSyncState(listener: () => void): () => void {
    this.#repo.synchronizer.on('sync-state', listener)
    return () => this.#repo.synchronizer.off('sync-state', listener)
  }

  /** The storage id a connected peer announced: what its per-document sync info is kept under. */
  peerStorageId(peerId: PeerId): StorageId | undefined {
    return this.#repo.peerMetadataByPeerId[peerId]?.storageId
  }

  documentIds(named: readonly string[]): Promise<DocumentId[]> {
    return this.#parts.documentIds(named)
  }

  load(named: readonly string[]): Promise<void> {
    return this.#parts.load(named)
  }

  /** A named document to carry, opened without reading it (empty under its derived id until synced). */
  open(name: string): Promise<DocHandle<unknown>> {
    return this.#parts.open(name)
  }

  /** A document from here or from a connected peer; undefined if neither has it or `signal` aborts first. */
  find(id: DocumentId, signal?: AbortSignal): Promise<DocHandle<unknown> | undefined> {
    return this.#repo.find<unknown>(id, signal ? { signal } : {}).catch(() => undefined)
  }

  /** The document in memory now, if it is ready. */
  handle(id: DocumentId): DocHandle<unknown> | undefined {
    const handle = this.#repo.handles[id]
    return handle?.isReady() ? (handle as DocHandle<unknown>) : undefined
  }

  /** Every document in memory that is ready (one a peer asked for that this vault lacks is not). */
  readyHandles(): Array<DocHandle<unknown>> {
    return Object.values(this.#repo.handles).filter((handle) => handle.isReady()) as Array<DocHandle<unknown>>
  }

  /** Merges a whole saved document (a sync file) into this vault's copy, or starts it under its id. */
  merge(id: DocumentId, body: Uint8Array): { handle: DocHandle<unknown>; changed: boolean } {
    const existing = this.handle(id)
    const before = new Set<string>(existing ? existing.heads() : [])
    const handle = this.#repo.import<unknown>(body, { docId: id })
    if (!existing) handle.doneLoading()
    const after = handle.heads()
    return { handle, changed: after.length !== before.size || after.some((head) => !before.has(head)) }
  }

  /** Makes documents durable with their heads and views, in one transaction. */
  save(handles: Array<DocHandle<unknown>>): Promise<void> {
    return this.#parts.save(handles)
  }

  /** Writes out what is in memory of every ready document (automerge-repo's own save, at the end of a session). */
  async flushReady(): Promise<void> {
    await this.#repo.flush(this.readyHandles().map((handle) => handle.documentId))
  }

  /**
   * A 32-byte key for one purpose, derived from the current vault key or the naming key with
   * crypto_kdf. The caller wipes it (sodium.memzero) when done.
   */
  deriveKey(purpose: KeyPurpose, base: KeyBase): Uint8Array {
    const s = sodium()
    return s.crypto_kdf_derive_from_key(s.crypto_kdf_KEYBYTES, SUBKEY_IDS[purpose], KDF_CONTEXT, this.#parts.key(base))
  }

  /** For tests that play a part of sync by hand; nothing else uses these. */
  readonly testing = {
    /** What automerge-repo does on its own after a change: the chunks, without heads or views. */
    flushChunksOnly: async (ids: DocumentId[]): Promise<void> => {
      await this.#repo.flush(ids)
    }
  }
}
