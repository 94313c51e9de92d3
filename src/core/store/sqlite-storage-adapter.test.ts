import { runStorageAdapterTests } from '@automerge/automerge-repo/helpers/tests/storage-adapter-tests.js'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { loadSodium, sodium } from '../crypto/sodium.js'
import { openDatabase, type Db } from './database.js'
import { SqliteStorageAdapter } from './sqlite-storage-adapter.js'

await loadSodium()

function tempVault(): { dir: string; path: string; key: Uint8Array } {
  const dir = mkdtempSync(join(tmpdir(), 'mevault-adapter-'))
  return { dir, path: join(dir, 'vault.db'), key: sodium().randombytes_buf(32) }
}

// automerge-repo's own acceptance suite, as it is.
runStorageAdapterTests(async () => {
  const { dir, path, key } = tempVault()
  const db = openDatabase(path, { create: true })
  return {
    adapter: new SqliteStorageAdapter(db, key),
    teardown: () => {
      db.close()
      rmSync(dir, { recursive: true, force: true })
    }
  }
}, 'SqliteStorageAdapter')

describe('SqliteStorageAdapter beyond the upstream suite', () => {
  let db: Db
  let vault: ReturnType<typeof tempVault>
  const secret = new TextEncoder().encode('Distinctive-Value-8813 lives at 12 Rue des Lilas')

  beforeAll(() => {
    vault = tempVault()
    db = openDatabase(vault.path, { create: true })
  })

  it('does not count a document as here when only the sync state kept for a peer is stored', async () => {
    // What a sync cut off before the document's changes arrived leaves behind.
    const adapter = new SqliteStorageAdapter(db, vault.key)
    await adapter.save(['doc-cut-off', 'sync-state', 'laptop-storage'], new Uint8Array([1, 2, 3]))
    expect(adapter.holdsDocument('doc-cut-off')).toBe(false)
    expect(adapter.documentsHeld().has('doc-cut-off')).toBe(false)
    await adapter.save(['doc-cut-off', 'incremental', 'abc'], new Uint8Array([4, 5, 6]))
    expect(adapter.holdsDocument('doc-cut-off')).toBe(true)
    expect(adapter.documentsHeld().has('doc-cut-off')).toBe(true)
  })

  it("gives a new document's fingerprint as it stores the first chunk, the same as reading it back", async () => {
    const adapter = new SqliteStorageAdapter(db, vault.key)
    await adapter.save(['doc-new', 'sync-state', 'laptop-storage'], new Uint8Array([7])) // not content: not in the fingerprint
    const fingerprint = adapter.saveFirstChunk(['doc-new', 'snapshot', 'h1'], secret)
    expect(fingerprint).toBe(adapter.fingerprintOf('doc-new'))
    expect(fingerprint).toBe(adapter.fingerprints().get('doc-new'))
    expect(await adapter.load(['doc-new', 'snapshot', 'h1'])).toEqual(secret)
  })

  it('reads its data back after the file is closed and reopened', async () => {
    await new SqliteStorageAdapter(db, vault.key).save(['doc', 'snapshot', 'h1'], secret)
    db.close()
    db = openDatabase(vault.path, { create: false })
    const reopened = new SqliteStorageAdapter(db, vault.key)
    expect(await reopened.load(['doc', 'snapshot', 'h1'])).toEqual(secret)
    expect((await reopened.loadRange(['doc'])).map((c) => c.key)).toEqual([['doc', 'snapshot', 'h1']])
  })

  it('never writes the plaintext to the file', async () => {
    db.pragma('wal_checkpoint(TRUNCATE)')
    const onDisk = readFileSync(vault.path)
    expect(onDisk.includes(Buffer.from(secret))).toBe(false)
  })

  it('refuses a chunk moved to another key instead of reading it there', async () => {
    const adapter = new SqliteStorageAdapter(db, vault.key)
    db.prepare('UPDATE chunks SET key = ? WHERE key = ?').run('doc\u001fsnapshot\u001fh2', 'doc\u001fsnapshot\u001fh1')
    await expect(adapter.load(['doc', 'snapshot', 'h2'])).rejects.toMatchObject({ code: 'INTEGRITY' })
  })

  it('refuses a chunk with one flipped bit', async () => {
    const adapter = new SqliteStorageAdapter(db, vault.key)
    await adapter.save(['doc', 'incremental', 'x'], secret)
    const row = db.prepare('SELECT data FROM chunks WHERE key = ?').get('doc\u001fincremental\u001fx') as { data: Buffer }
    row.data[30] = row.data[30]! ^ 1
    db.prepare('UPDATE chunks SET data = ? WHERE key = ?').run(row.data, 'doc\u001fincremental\u001fx')
    await expect(adapter.loadRange(['doc'])).rejects.toThrow(/failed authentication/)
  })

  it('cannot be opened with another vault key', async () => {
    const other = new SqliteStorageAdapter(db, sodium().randombytes_buf(32))
    await new SqliteStorageAdapter(db, vault.key).save(['k'], secret)
    await expect(other.load(['k'])).rejects.toMatchObject({ code: 'INTEGRITY' })
  })

  it('keeps prefixes apart: "doc" does not match "doc2"', async () => {
    const adapter = new SqliteStorageAdapter(db, vault.key)
    await adapter.save(['doc2', 'snapshot', 'a'], secret)
    const keys = (await adapter.loadRange(['doc2'])).map((c) => c.key.join('/'))
    expect(keys).toEqual(['doc2/snapshot/a'])
    await adapter.removeRange(['doc2'])
    expect(await adapter.load(['doc2', 'snapshot', 'a'])).toBeUndefined()
  })
})
