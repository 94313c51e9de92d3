import { open, seal } from '../crypto/aead.js'
import { asIntegrity, type Db } from './database.js'

/**
 * The sealed read model: for each document, what it says now, so that opening the vault reads the
 * present instead of replaying every document's history.
 *
 * A view is written in the same SQLite transaction as the chunks it was read from, together with a
 * fingerprint of those chunks (their keys, nonces and sizes as sealed). The consistency rule:
 * a view is trusted only while its document's chunks are exactly the ones it was read from.
 * Anything else (a save automerge-repo made outside the vault's transactions, a crash between, a
 * chunk deleted, swapped or rewritten, a view row altered) makes it stale, and the document is
 * loaded and the view rebuilt: a view is never trusted over its document.
 */
export interface DocumentView<T = unknown> {
  /** 'index', 'record' or 'named': what the document is, so a stale view can be rebuilt. */
  kind: 'index' | 'record' | 'named'
  /** The record's or named document's name ('' for the index, or a named document seen only by id). */
  name: string
  heads: string[]
  /** The document is waiting on changes that have not arrived yet (an interrupted sync). */
  pending: boolean
  /** What the document says, in the shape its kind defines. */
  content: T
  /** For a named document: the shape its reader gave the content (see vault/named-views.ts). */
  shape?: number
}

interface StoredView extends DocumentView {
  /** The fingerprint of the document's chunks this view was read from. */
  chunks: string
}

export interface ReadViews {
  /** Views whose document's chunks are the ones they were read from. */
  fresh: Map<string, DocumentView>
  /** Views that were readable but no longer match their document (by document id). */
  stale: Map<string, DocumentView>
  /** Documents with chunks but no readable view (never written, or the row failed to open). */
  unknown: string[]
  /** Views whose document has no chunks at all. */
  orphaned: Map<string, DocumentView>
  /** Rows that failed authentication (damaged or moved): their documents are among `unknown`. */
  unreadable: Set<string>
}

const FORMAT = 'mevault.view/1'
const associatedData = (documentId: string): string => `${FORMAT}:${documentId}`

export class DocumentViews {
  private readonly statements

  constructor(
    private readonly db: Db,
    private readonly key: () => Uint8Array
  ) {
    this.statements = {
      all: db.prepare<[], { doc: string; data: Buffer }>('SELECT doc, data FROM views'),
      one: db.prepare<[string], { data: Buffer }>('SELECT data FROM views WHERE doc = ?'),
      write: db.prepare<[string, Uint8Array]>('INSERT OR REPLACE INTO views (doc, data) VALUES (?, ?)'),
      remove: db.prepare<[string]>('DELETE FROM views WHERE doc = ?')
    }
  }

  /** Every view, sorted by whether it can be trusted against the current chunk fingerprints. */
  readAll(fingerprints: Map<string, string>): ReadViews {
    const result: ReadViews = { fresh: new Map(), stale: new Map(), unknown: [], orphaned: new Map(), unreadable: new Set() }
    const seen = new Set<string>()
    for (const row of asIntegrity(() => this.statements.all.all())) {
      const stored = this.open(row.doc, row.data)
      if (!stored) {
        result.unreadable.add(row.doc)
        continue
      }
      seen.add(row.doc)
      const current = fingerprints.get(row.doc)
      const { chunks, ...view } = stored
      if (current === undefined) result.orphaned.set(row.doc, view)
      else if (current === chunks) result.fresh.set(row.doc, view)
      else result.stale.set(row.doc, view)
    }
    for (const documentId of fingerprints.keys()) if (!seen.has(documentId)) result.unknown.push(documentId)
    return result
  }

  /** One document's view if it matches the given fingerprint; undefined when stale, missing or unreadable. */
  readOne(documentId: string, fingerprint: string | undefined): DocumentView | undefined {
    const row = asIntegrity(() => this.statements.one.get(documentId))
    const stored = row && this.open(documentId, row.data)
    if (!stored || fingerprint === undefined || stored.chunks !== fingerprint) return undefined
    const { chunks: _chunks, ...view } = stored
    return view
  }

  /** Writes a view read from the document whose chunks now have this fingerprint (inside the caller's transaction). */
  write(documentId: string, view: DocumentView, fingerprint: string): void {
    const stored: StoredView = { ...view, chunks: fingerprint }
    const sealed = seal(this.key(), new TextEncoder().encode(JSON.stringify(stored)), associatedData(documentId))
    asIntegrity(() => this.statements.write.run(documentId, sealed))
  }

  remove(documentId: string): void {
    asIntegrity(() => this.statements.remove.run(documentId))
  }

  /** Re-seals every view under a new vault key (rotation); the caller holds the transaction. */
  resealAll(next: Uint8Array): void {
    for (const row of asIntegrity(() => this.statements.all.all())) {
      const stored = this.open(row.doc, row.data)
      if (stored) asIntegrity(() => this.statements.write.run(row.doc, seal(next, new TextEncoder().encode(JSON.stringify(stored)), associatedData(row.doc))))
      else this.remove(row.doc) // unreadable: rebuilt from its document at the next open
    }
  }

  /** A row that fails to open is treated as absent: its document is the truth, and is read instead. */
  private open(documentId: string, data: Buffer): StoredView | undefined {
    try {
      const plaintext = open(this.key(), new Uint8Array(data), associatedData(documentId), 'A stored view')
      return JSON.parse(new TextDecoder().decode(plaintext)) as StoredView
    } catch {
      return undefined
    }
  }
}
