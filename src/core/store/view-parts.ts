import { open, seal } from '../crypto/aead.js'
import { sodium } from '../crypto/sodium.js'
import { asIntegrity, type Db } from './database.js'

/**
 * Slices of a named document's view, each readable alone: the ledger's "who has contact.email"
 * reads that field's holders in each month instead of every receipt of the month. They follow the
 * views' consistency rule (store/document-views.ts): written in the same transaction as the view,
 * stamped with the fingerprint of the chunks they were read from, trusted only while it matches.
 * Each document's parts are written whole, with a manifest (the part '' ) naming which parts it
 * has, so a part that is not there is known to be empty rather than not yet written.
 */
export type PartRead<T> = { found: true; content: T } | { found: false }

interface StoredPart {
  chunks: string
  shape: number
  content: unknown
}

const FORMAT = 'mevault.view-part/1'
const MANIFEST = ''
const encoder = new TextEncoder()

export class ViewParts {
  private readonly statements
  private namesKey: { for: Uint8Array; key: Uint8Array } | undefined

  constructor(
    db: Db,
    private readonly key: () => Uint8Array
  ) {
    this.statements = {
      one: db.prepare<[string, string], { data: Buffer }>('SELECT data FROM view_parts WHERE doc = ? AND part = ?'),
      write: db.prepare<[string, string, Uint8Array]>('INSERT INTO view_parts (doc, part, data) VALUES (?, ?, ?)'),
      removeAll: db.prepare<[string]>('DELETE FROM view_parts WHERE doc = ?'),
      dropAll: db.prepare<[]>('DELETE FROM view_parts')
    }
  }

  /**
   * One part, if the document's parts were written from chunks with this fingerprint and in this
   * shape: `found: false` when the manifest says the part is empty. Undefined when stale or missing
   * (the caller reads the whole view and writes the parts again).
   */
  read<T>(documentId: string, part: string, fingerprint: string | undefined, shape: number): PartRead<T> | undefined {
    if (fingerprint === undefined) return undefined
    const hashed = this.hashName(part)
    const stored = this.openRow(documentId, hashed)
    if (stored) return stored.chunks === fingerprint && stored.shape === shape ? { found: true, content: stored.content as T } : undefined
    const manifest = this.openRow(documentId, MANIFEST)
    if (!manifest || manifest.chunks !== fingerprint || manifest.shape !== shape) return undefined
    return (manifest.content as string[]).includes(hashed) ? undefined : { found: false }
  }

  /** Replaces the document's parts (inside the caller's transaction). */
  write(documentId: string, parts: ReadonlyMap<string, unknown>, fingerprint: string, shape: number): void {
    asIntegrity(() => this.statements.removeAll.run(documentId))
    const names: string[] = []
    for (const [part, content] of parts) {
      const hashed = this.hashName(part)
      names.push(hashed)
      this.writeRow(documentId, hashed, { chunks: fingerprint, shape, content })
    }
    this.writeRow(documentId, MANIFEST, { chunks: fingerprint, shape, content: names })
  }

  remove(documentId: string): void {
    asIntegrity(() => this.statements.removeAll.run(documentId))
  }

  /**
   * On a new vault key (rotation) every part is dropped, in the caller's transaction: their names
   * are hashed under a key derived from the vault key, so they are written anew from the (re-sealed)
   * views at their first read.
   */
  dropAll(): void {
    asIntegrity(() => this.statements.dropAll.run())
  }

  private writeRow(documentId: string, part: string, stored: StoredPart): void {
    const sealed = seal(this.key(), encoder.encode(JSON.stringify(stored)), `${FORMAT}:${documentId}:${part}`)
    asIntegrity(() => this.statements.write.run(documentId, part, sealed))
  }

  private openRow(documentId: string, part: string): StoredPart | undefined {
    const row = asIntegrity(() => this.statements.one.get(documentId, part))
    if (!row) return undefined
    // A row that fails to open is treated as absent: the view (and its document) is the truth.
    try {
      return JSON.parse(new TextDecoder().decode(open(this.key(), new Uint8Array(row.data), `${FORMAT}:${documentId}:${part}`, 'A stored view part'))) as StoredPart
    } catch {
      return undefined
    }
  }

  /** A keyed hash of a part's name: the name (a field path) never reaches the disk. */
  private hashName(part: string): string {
    const vaultKey = this.key()
    if (this.namesKey?.for !== vaultKey) {
      this.namesKey = { for: vaultKey, key: sodium().crypto_generichash(32, encoder.encode('mevault.view-part-names/1'), vaultKey) }
    }
    return sodium().to_hex(sodium().crypto_generichash(16, encoder.encode(part), this.namesKey.key))
  }
}
