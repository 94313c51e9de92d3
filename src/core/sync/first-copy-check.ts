import * as A from '@automerge/automerge'
import type { DocumentId } from '@automerge/automerge-repo'
import { integrity } from '../../shared/errors.js'
import type { IndexDoc, RecordDoc } from '../vault/documents.js'
import { indexView, recordView } from '../vault/record-state.js'
import type { CheckedDocument, FirstCopyParts } from '../vault/sync-port.js'
import type { CopiedDocument, CopyEnd } from './first-copy-frames.js'

/**
 * Checks a whole first copy before anything of it is stored, and refuses it whole (INTEGRITY) when
 * any part fails: the count must match what arrived, each document must load as Automerge, and
 * each id must be this vault's index or a record the copied index names (ids derive from the
 * vault's naming key, so a document under any other id is not one of this vault's). Each view is
 * made here from the loaded document; nothing the sender says about content is taken on trust.
 */
export function checkFirstCopy(parts: Pick<FirstCopyParts, 'indexId' | 'recordId'>, documents: readonly CopiedDocument[], end: CopyEnd): CheckedDocument[] {
  if (end.count !== documents.length) throw integrity(`the first copy is incomplete: ${documents.length} of ${end.count} documents arrived`)
  const byId = new Map<DocumentId, Uint8Array>()
  for (const { id, bytes } of documents) {
    if (byId.has(id)) throw integrity('the first copy holds a document twice')
    byId.set(id, bytes)
  }
  const checked: CheckedDocument[] = []
  const records = new Map<DocumentId, string>()
  const indexBytes = byId.get(parts.indexId)
  if (indexBytes) {
    const index = loadCopied<IndexDoc>(indexBytes)
    for (const record of Object.keys(index)) records.set(parts.recordId(record), record)
    checked.push({ id: parts.indexId, bytes: indexBytes, heads: A.getHeads(index), view: indexView(index) })
  }
  for (const [id, bytes] of byId) {
    if (id === parts.indexId) continue
    const record = records.get(id)
    if (record === undefined) throw integrity('the first copy holds a document that is not one of this vault\'s records')
    const doc = loadCopied<RecordDoc>(bytes)
    let view: CheckedDocument['view']
    try {
      view = recordView(record, doc)
    } catch {
      throw integrity('a record in the first copy is not shaped as a record')
    }
    checked.push({ id, bytes, heads: A.getHeads(doc), view })
  }
  return checked
}

function loadCopied<T>(bytes: Uint8Array): A.Doc<T> {
  try {
    return A.load<T>(bytes)
  } catch {
    throw integrity('a document in the first copy does not load as an Automerge document')
  }
}
