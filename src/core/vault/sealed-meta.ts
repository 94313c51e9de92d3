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

/** The names of the sealed records whose names start with `start` (nothing is opened). */
export function sealedNamesUnder(db: Db, start: string): string[] {
  const keys = db.prepare<[string, string], string>('SELECT key FROM meta WHERE key >= ? AND key < ?').pluck().all(`${PREFIX}${start}`, `${PREFIX}${start}\uffff`)
  return keys.map((key) => key.slice(PREFIX.length))
}

/** Re-seals every sealed record under a new vault key (key rotation); the caller holds the transaction. */
export function resealAll(db: Db, current: Uint8Array, next: Uint8Array): void {
  for (const name of sealedNamesUnder(db, '')) writeSealedJson(db, next, name, readSealedJson(db, current, name))
}
