import { open, seal } from '../crypto/aead.js'
import type { Db } from '../store/database.js'
import { readMeta, writeMeta } from '../store/meta.js'

/** Local state kept in the meta table, sealed under the vault key and bound to its name. */
export function writeSealedJson(db: Db, vaultKey: Uint8Array, name: string, value: unknown): void {
  const plaintext = new TextEncoder().encode(JSON.stringify(value))
  writeMeta(db, `sealed:${name}`, seal(vaultKey, plaintext, `mevault.meta/1:${name}`))
}

export function readSealedJson(db: Db, vaultKey: Uint8Array, name: string): unknown {
  const sealed = readMeta(db, `sealed:${name}`)
  if (!sealed) return undefined
  const plaintext = open(vaultKey, sealed, `mevault.meta/1:${name}`, `The vault's ${name} record`)
  return JSON.parse(new TextDecoder().decode(plaintext))
}
