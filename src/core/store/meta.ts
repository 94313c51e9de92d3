import type { Statement } from 'better-sqlite3'
import type { Db } from './database.js'
import { asIntegrity } from './database.js'

const statements = new WeakMap<Db, { read: Statement<[string], { value: Buffer }>; write: Statement<[string, Uint8Array]> }>()

function prepared(db: Db) {
  let cached = statements.get(db)
  if (!cached) {
    cached = {
      read: db.prepare<[string], { value: Buffer }>('SELECT value FROM meta WHERE key = ?'),
      write: db.prepare<[string, Uint8Array]>('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)')
    }
    statements.set(db, cached)
  }
  return cached
}

/** Small named values: the vault header and sealed local state. */
export function readMeta(db: Db, key: string): Uint8Array | undefined {
  const row = asIntegrity(() => prepared(db).read.get(key))
  return row ? new Uint8Array(row.value) : undefined
}

export function writeMeta(db: Db, key: string, value: Uint8Array): void {
  asIntegrity(() => prepared(db).write.run(key, value))
}
