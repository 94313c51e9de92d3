import type { Chunk, StorageAdapterInterface, StorageKey } from '@automerge/automerge-repo'
import { createHash } from 'node:crypto'
import { open, seal } from '../crypto/aead.js'
import type { Db } from './database.js'
import { asIntegrity } from './database.js'
import { integrity } from '../../shared/errors.js'

// Key parts are joined with the ASCII unit separator; prefixes are then one index range scan.
const SEPARATOR = '\u001f'
const AFTER_SEPARATOR = '\u0020'
// A sealed chunk starts with its nonce (aead.ts); the fingerprints read these bytes of each.
const NONCE_BYTES = 24

const joinKey = (key: StorageKey): string => key.join(SEPARATOR)
const splitKey = (key: string): StorageKey => key.split(SEPARATOR)

/**
 * automerge-repo storage on the vault's SQLite file. Every chunk is sealed with the vault key and
 * its own storage key as associated data, so a chunk that was altered, moved or swapped fails to
 * open (INTEGRITY) instead of being read as something else.
 */
export class SqliteStorageAdapter implements StorageAdapterInterface {
  private readonly statements
  /** Chunks opened by preload(), handed to the next read of each key and then dropped. */
  private readonly preloaded = new Map<string, Uint8Array>()

  constructor(
    private readonly db: Db,
    private key: Uint8Array
  ) {
    this.statements = {
      load: db.prepare<[string], { data: Buffer }>('SELECT data FROM chunks WHERE key = ?'),
      save: db.prepare('INSERT INTO chunks (key, data) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET data = excluded.data'),
      remove: db.prepare('DELETE FROM chunks WHERE key = ?'),
      loadRange: db.prepare<[string, string, string], { key: string; data: Buffer }>(
        'SELECT key, data FROM chunks WHERE key = ? OR (key >= ? AND key < ?) ORDER BY id'
      ),
      removeRange: db.prepare('DELETE FROM chunks WHERE key = ? OR (key >= ? AND key < ?)'),
      hasRange: db.prepare('SELECT 1 FROM chunks WHERE key = ? OR (key >= ? AND key < ?) LIMIT 1'),
      keys: db.prepare<[], string>('SELECT key FROM chunks').pluck(),
      // The nonce and size of each chunk as sealed: see fingerprints().
      sealedShapes: db.prepare<[], ChunkShape>(`SELECT key, substr(data, 1, ${NONCE_BYTES}) AS nonce, length(data) AS size FROM chunks ORDER BY key`),
      sealedShapesUnder: db.prepare<[string, string], ChunkShape>(
        `SELECT key, substr(data, 1, ${NONCE_BYTES}) AS nonce, length(data) AS size FROM chunks WHERE key >= ? AND key < ? ORDER BY key`
      )
    }
  }

  async load(key: StorageKey): Promise<Uint8Array | undefined> {
    const joined = joinKey(key)
    const opened = this.takePreloaded(joined)
    if (opened) return opened
    const row = asIntegrity(() => this.statements.load.get(joined))
    return row ? this.open(joined, row.data) : undefined
  }

  async save(key: StorageKey, data: Uint8Array): Promise<void> {
    // automerge-repo also saves from its own timer. One that fires after the vault closed has
    // nothing to keep: close() first made every changed document durable.
    if (!this.db.open) return
    const joined = joinKey(key)
    this.preloaded.delete(joined)
    const sealed = seal(this.key, data, associatedData(joined))
    asIntegrity(() => this.statements.save.run(joined, sealed))
  }

  /**
   * Stores the first chunk of a document that has no content stored yet (a new record), and returns
   * the document's fingerprint (see fingerprints()) from what was just sealed, without reading the
   * chunks back: its view is written beside it, and an import writes thousands.
   */
  saveFirstChunk(key: StorageKey, data: Uint8Array): string {
    const joined = joinKey(key)
    const sealed = seal(this.key, data, associatedData(joined))
    asIntegrity(() => this.statements.save.run(joined, sealed))
    return fingerprintRows([{ key: joined, nonce: Buffer.from(sealed.subarray(0, NONCE_BYTES)), size: sealed.length }]).get(key[0]!)!
  }

  async remove(key: StorageKey): Promise<void> {
    if (!this.db.open) return
    this.preloaded.delete(joinKey(key))
    asIntegrity(() => this.statements.remove.run(joinKey(key)))
  }

  async loadRange(prefix: StorageKey): Promise<Chunk[]> {
    const rows = this.rowsUnder(prefix)
    return rows.map((row) => ({ key: splitKey(row.key), data: this.takePreloaded(row.key) ?? this.open(row.key, row.data) }))
  }

  /**
   * Opens every chunk under the prefix now, so damage surfaces here as an INTEGRITY error naming
   * `what`, before automerge-repo reads them (its loader cannot recover from a failed read).
   */
  async preload(prefix: StorageKey, what: string): Promise<void> {
    const rows = this.rowsUnder(prefix)
    try {
      for (const row of rows) this.preloaded.set(row.key, this.open(row.key, row.data))
    } catch (error) {
      this.preloaded.clear()
      throw integrity(`The vault's ${what} failed authentication (altered, moved or damaged)`, error)
    }
  }

  /**
   * The rows under a prefix. A damaged key index could hand back a row of another document, whose
   * own key still opens it: so each row's key is checked against the prefix asked for.
   */
  private rowsUnder(prefix: StorageKey): Array<{ key: string; data: Buffer }> {
    const range = rangeOf(prefix)
    const rows = asIntegrity(() => this.statements.loadRange.all(...range))
    const [exact, from, to] = range
    for (const { key } of rows) {
      if (key !== exact && !(key >= from && key < to)) throw integrity('The vault storage index is damaged')
    }
    return rows
  }

  private takePreloaded(joinedKey: string): Uint8Array | undefined {
    const opened = this.preloaded.get(joinedKey)
    if (opened) this.preloaded.delete(joinedKey)
    return opened
  }

  async removeRange(prefix: StorageKey): Promise<void> {
    this.preloaded.clear()
    asIntegrity(() => this.statements.removeRange.run(...rangeOf(prefix)))
  }

  /** Whether anything is stored under the prefix, without reading (or decrypting) it. */
  hasAny(prefix: StorageKey): boolean {
    return asIntegrity(() => this.statements.hasRange.get(...rangeOf(prefix))) !== undefined
  }

  /**
   * Whether any of the document's content is stored. A sync that was cut off can leave only the
   * sync state kept for the peer, which holds none of the document: that document has not arrived.
   */
  holdsDocument(id: string): boolean {
    return this.hasAny([id, 'snapshot']) || this.hasAny([id, 'incremental'])
  }

  /** The documents holdsDocument() is true for, in one scan of the keys (for thousands of ids at once). */
  documentsHeld(): Set<string> {
    const held = new Set<string>()
    for (const key of asIntegrity(() => this.statements.keys.all())) {
      const [documentId, kind] = key.split(SEPARATOR, 2)
      if (documentId && (kind === 'snapshot' || kind === 'incremental')) held.add(documentId)
    }
    return held
  }

  /**
   * Re-seals every stored chunk under a new vault key (key rotation). The caller holds the
   * transaction that makes it all-or-nothing, and calls useKey() once it has committed.
   */
  resealAll(next: Uint8Array): void {
    const update = this.db.prepare<[Uint8Array, number]>('UPDATE chunks SET data = ? WHERE id = ?')
    const rows = this.db.prepare<[], { id: number; key: string; data: Buffer }>('SELECT id, key, data FROM chunks').all()
    for (const row of rows) update.run(seal(next, this.open(row.key, row.data), associatedData(row.key)), row.id)
  }

  /**
   * For each document, a fingerprint of its content chunks exactly as stored: their keys, and the
   * random nonce and size each was sealed with. Any save, removal, swap or rewrite of a chunk changes
   * it, without decrypting anything. Sync states are left out: they change with every sync and say
   * nothing about the document.
   */
  fingerprints(): Map<string, string> {
    return fingerprintRows(asIntegrity(() => this.statements.sealedShapes.all()))
  }

  fingerprintOf(documentId: string): string | undefined {
    const rows = asIntegrity(() => this.statements.sealedShapesUnder.all(documentId + SEPARATOR, documentId + AFTER_SEPARATOR))
    return fingerprintRows(rows).get(documentId)
  }

  useKey(next: Uint8Array): void {
    this.preloaded.clear()
    this.key = next
  }

  private open(joinedKey: string, data: Buffer): Uint8Array {
    return open(this.key, new Uint8Array(data), associatedData(joinedKey), 'A stored vault chunk')
  }
}

interface ChunkShape {
  key: string
  nonce: Buffer
  size: number
}

function fingerprintRows(rows: ChunkShape[]): Map<string, string> {
  const hashes = new Map<string, ReturnType<typeof createHash>>()
  for (const { key, nonce, size } of rows) {
    const [documentId, kind] = key.split(SEPARATOR, 2)
    if (!documentId || !kind || kind === 'sync-state') continue
    let hash = hashes.get(documentId)
    if (!hash) hashes.set(documentId, (hash = createHash('sha256')))
    hash.update(`${key}\u0000${size}\u0000`).update(nonce)
  }
  return new Map([...hashes].map(([id, hash]) => [id, hash.digest('base64url')]))
}

const associatedData = (joinedKey: string): string => `mevault.chunk/1${SEPARATOR}${joinedKey}`

/** The key itself, and everything under it. An empty prefix means everything. */
function rangeOf(prefix: StorageKey): [string, string, string] {
  if (prefix.length === 0) return ['', '', '\uffff']
  const joined = joinKey(prefix)
  return [joined, joined + SEPARATOR, joined + AFTER_SEPARATOR]
}
