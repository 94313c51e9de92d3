import type { RecordHeader } from '../../shared/api.js'
import { recordDisplayName } from '../lib/readable-names.js'
import { RenameRecord } from './RenameRecord.js'

/**
 * A record's header in the field list: its name (the person's own, with the key in small grey text
 * beside it, else the key made readable), how many of its fields are listed, and Rename. The
 * Rename button is a Tab stop only on the header of the record the list's focus is in, so the
 * list stays one Tab stop (arrow keys inside) plus that row's own actions.
 */
export function RecordHeaderRow(props: { header: RecordHeader; tabbable: boolean; onRename: (record: string, name: string, previous: string | undefined) => Promise<boolean> }) {
  const { header } = props
  const count = header.fields === 1 ? '1 field' : `${header.fields} fields`
  const shown = recordDisplayName(header.record, header.name)
  return (
    <div className="record-header-row">
      <h2 className="record-header" data-record={header.record}>
        {shown}
        {/* The space keeps the name and the key two words for a screen reader and in the page's text. */}
        {header.name !== undefined && <> <span className="record-key">{header.record}</span></>} <span className="record-count">{count}</span>
      </h2>
      <RenameRecord record={header.record} shown={shown} name={header.name} tabIndex={props.tabbable ? 0 : -1} onRename={props.onRename} />
    </div>
  )
}

/** The record of the rows at the top of the list, kept over them while they scroll: for the eye only (the list's own headers are the headings). */
export function StickyRecordHeader({ record, name }: { record: string; name?: string }) {
  return (
    <div className="record-header sticky" aria-hidden="true">
      {recordDisplayName(record, name)}
    </div>
  )
}
