import * as A from '@automerge/automerge'
import type { DocumentId } from '@automerge/automerge-repo'
import { integrity } from '../../shared/errors.js'
import type { Db } from '../store/database.js'
import { readSealedJson, writeSealedJson } from './sealed-meta.js'

/**
 * Each chunk is authenticated on its own, but a chunk that went missing (a damaged index, a
 * deleted row) would silently show an older document. So after each durable write we keep the
 * document's heads, sealed; on load, a document that does not contain them is refused.
 */
export function recordHeads(db: Db, vaultKey: Uint8Array, id: DocumentId, heads: A.Heads): void {
  writeSealedJson(db, vaultKey, `heads:${id}`, heads)
}

export function verifyHeads(db: Db, vaultKey: Uint8Array, id: DocumentId, doc: A.Doc<unknown>, what: string): void {
  const expected = readSealedJson(db, vaultKey, `heads:${id}`) as A.Heads | undefined
  // A lost chunk in the middle leaves the later changes queued, waiting for it: hasHeads() still
  // counts those, so also refuse a document that is waiting for changes it does not have.
  if ((expected && !A.hasHeads(doc, expected)) || A.getMissingDeps(doc, []).length > 0) {
    throw integrity(`The vault's ${what} is missing changes that were saved (storage damaged)`)
  }
}

export function hasRecordedHeads(db: Db, vaultKey: Uint8Array, id: DocumentId): boolean {
  return readSealedJson(db, vaultKey, `heads:${id}`) !== undefined
}
