import * as A from '@automerge/automerge'
import type { DocumentId } from '@automerge/automerge-repo'
import type { FieldType, FieldView, Tier } from '../../shared/types.js'
import type { DocumentView } from '../store/document-views.js'
import { liveField, type IndexDoc, type RecordDoc } from './documents.js'
import { foldForSearch } from './search-text.js'

/** A record's fields as stored in its view: [field, type, tier, value, updatedAt, device], by field name. */
export type RecordContent = Array<[string, FieldType, Tier, string, string, string]>

/** The index's view: the names of the records it lists. */
export type IndexContent = string[]

/** A record as reads see it: its present fields, ready to list and search. */
export interface RecordState {
  record: string
  documentId: DocumentId
  /** The document heads these fields were read at, joined (compared with a live handle's). */
  heads: string
  fields: FieldView[]
  /** Each field's path and value folded for search, in the same order as `fields`. */
  folded: string[]
  /** Some of the record's changes are still arriving (an interrupted sync): shown as far as it goes. */
  pending: boolean
}

/** What a record document says now, in the read model's shape. */
export function recordView(record: string, doc: A.Doc<RecordDoc>): DocumentView<RecordContent> {
  const content: RecordContent = []
  for (const field of Object.keys(doc).sort()) {
    const live = liveField(doc, field)
    if (live) content.push([field, live.type, live.tier, live.value, live.updatedAt, live.device])
  }
  return { kind: 'record', name: record, heads: A.getHeads(doc), pending: A.getMissingDeps(doc, []).length > 0, content }
}

export function indexView(doc: A.Doc<IndexDoc>): DocumentView<IndexContent> {
  return { kind: 'index', name: '', heads: A.getHeads(doc), pending: false, content: Object.keys(doc).sort() }
}

export function recordState(documentId: DocumentId, view: DocumentView): RecordState {
  const record = view.name
  const fields = (view.content as RecordContent).map(
    ([field, type, tier, value, updatedAt, device]): FieldView => ({ path: `${record}.${field}`, record, field, type, tier, value, updatedAt, device })
  )
  return {
    record,
    documentId,
    heads: view.heads.join(','),
    fields,
    folded: fields.map((f) => foldForSearch(`${f.path}\n${f.value}`)),
    pending: view.pending
  }
}
