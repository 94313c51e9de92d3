import { open, seal } from '../crypto/aead.js'
import type { Db } from '../store/database.js'
import { readMeta, writeMeta } from '../store/meta.js'

const PREFIX = 'sealed:'

/** Local state kept in the meta table, sealed under the vault key and bound to its name. */
export function writeSealedJson(db: Db, vaultKey: Uint8Array, name: string, value: unknown): void {
  const plaintext = new TextEncoder().encode(JSON.stringify(value))
  writeMeta(db, `${PREFIX}${name}`, seal(vaultKey, plaintext, `mevault.meta/1:${name}`))
}

export function readSealedJson(db: Db, vaultKey: Uint8Array, name: string): unknown {
  const sealed = readMeta(db, `${PREFIX}${name}`)
  if (!sealed) return undefined
  const plaintext = open(vaultKey, sealed, `mevault.meta/1:${name}`, `The vault's ${name} record`)
  return JSON.parse(new TextDecoder().decode(plaintext))
}

/** Re-seals every sealed record under a new vault key (key rotation); the caller holds the transaction. */
export function resealAll(db: Db, current: Uint8Array, next: Uint8Array): void {
  const rows = db.prepare<[string, string], { key: string }>('SELECT key FROM meta WHERE key >= ? AND key < ?').all(PREFIX, `${PREFIX}\uffff`)
  for (const { key } of rows) {
    const name = key.slice(PREFIX.length)
    writeSealedJson(db, next, name, readSealedJson(db, current, name))
  }
}
