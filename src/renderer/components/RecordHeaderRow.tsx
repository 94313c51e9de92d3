import type { RecordHeader } from '../../shared/api.js'
import { recordDisplayName } from '../lib/readable-names.js'
import { RenameRecord } from './RenameRecord.js'

/**
 * A record's header in the field list: its name (the person's own, with the key in small grey text
 * beside it, else the key made readable), how many of its fields are listed, and Rename. Rename is
 * not a Tab stop here: the list is one Tab stop (arrow keys inside, over the headers). By keyboard a
 * record is renamed from its open field's details (FieldDetails), where the same button is.
 */
export function RecordHeaderRow(props: { header: RecordHeader; onRename: (record: string, name: string, previous: string | undefined) => Promise<boolean> }) {
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
      <RenameRecord place="list" text="Rename" record={header.record} shown={shown} name={header.name} tabIndex={-1} onRename={props.onRename} />
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
