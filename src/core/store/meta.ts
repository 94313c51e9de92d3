import type { Db } from './database.js'
import { asIntegrity } from './database.js'

/** Small named values: the vault header and sealed local state. */
export function readMeta(db: Db, key: string): Uint8Array | undefined {
  const row = asIntegrity(() => db.prepare('SELECT value FROM meta WHERE key = ?').get(key)) as
    | { value: Buffer }
    | undefined
  return row ? new Uint8Array(row.value) : undefined
}

export function writeMeta(db: Db, key: string, value: Uint8Array): void {
  asIntegrity(() => db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)').run(key, value))
}
