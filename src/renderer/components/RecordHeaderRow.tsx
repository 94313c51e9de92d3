import type { RecordHeader } from '../../shared/api.js'
import { recordTitle } from '../lib/readable-names.js'

/** A record's header in the field list: its readable name and how many of its fields are listed. */
export function RecordHeaderRow({ header }: { header: RecordHeader }) {
  const count = header.fields === 1 ? '1 field' : `${header.fields} fields`
  const content = (
    <>
      {recordTitle(header.record)} <span className="record-count">{count}</span>
    </>
  )
  return (
    <h2 className="record-header" data-record={header.record}>
      {content}
    </h2>
  )
}

/** The record of the rows at the top of the list, kept over them while they scroll: for the eye only (the list's own headers are the headings). */
export function StickyRecordHeader({ record }: { record: string }) {
  return (
    <div className="record-header sticky" aria-hidden="true">
      {recordTitle(record)}
    </div>
  )
}
