import * as A from '@automerge/automerge'
import type { DocumentId } from '@automerge/automerge-repo'
import { integrity } from '../../shared/errors.js'
import type { Db } from '../store/database.js'
import { readSealedJson, sealedNamesUnder, writeSealedJson } from './sealed-meta.js'

/**
 * Each chunk is authenticated on its own, but a chunk that went missing (a damaged index, a
 * deleted row) would silently show an older document. So after each durable write we keep the
 * document's heads, sealed; on load, a document that does not contain them is refused.
 */
export function recordHeads(db: Db, vaultKey: Uint8Array, id: DocumentId, heads: A.Heads): void {
  writeSealedJson(db, vaultKey, `heads:${id}`, heads)
}

/**
 * Damage is what contradicts this device's own durable record: the heads it saved must be in the
 * document's applied history. Changes queued behind missing ones are not applied, so a lost chunk
 * in the middle fails here too. A document that holds everything saved here but also waits on
 * changes that have not arrived (a sync cut off halfway) is pending, not damaged: the next sync
 * brings what it waits for.
 */
export function verifyHeads(db: Db, vaultKey: Uint8Array, id: DocumentId, doc: A.Doc<unknown>, what: string): void {
  const expected = readSealedJson(db, vaultKey, `heads:${id}`) as A.Heads | undefined
  if (expected && !A.hasHeads(doc, expected)) {
    throw integrity(`The vault's ${what} is missing changes that were saved (storage damaged)`)
  }
}

/** Whether the document holds changes made or received since its last durable save. */
export function changedSinceSave(db: Db, vaultKey: Uint8Array, id: DocumentId, doc: A.Doc<unknown>): boolean {
  const saved = readSealedJson(db, vaultKey, `heads:${id}`) as A.Heads | undefined
  const heads = A.getHeads(doc)
  return saved === undefined ? heads.length > 0 : saved.length !== heads.length || !heads.every((h) => saved.includes(h))
}

export function hasRecordedHeads(db: Db, vaultKey: Uint8Array, id: DocumentId): boolean {
  return readSealedJson(db, vaultKey, `heads:${id}`) !== undefined
}

/** The documents hasRecordedHeads() is true for, in one scan (for thousands of ids at once). */
export function documentsWithRecordedHeads(db: Db): Set<string> {
  return new Set(sealedNamesUnder(db, 'heads:').map((name) => name.slice('heads:'.length)))
}
