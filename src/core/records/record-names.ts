import { ImmutableString } from '@automerge/automerge-repo'
import { badInput, notFound } from '../../shared/errors.js'
import { MAX_RECORD_NAME_LENGTH, RECORD_KEY_PATTERN, recordNameProblem } from '../../shared/record-name.js'
import { defineNamedView } from '../vault/named-views.js'
import { defineSyncedDocument } from '../vault/synced-documents.js'
import { documentChange, type DocumentChange, type Vault } from '../vault/vault.js'

/**
 * The names a person gives records ("Passport", "Mum"): one small synced document, record key →
 * name. The key never changes (paths, packets and the ledger use it); the name is only how the
 * record is shown. One document rather than a reserved entry in each record's own document, so
 * that showing the names (the field list's headers, at 100k fields) reads one sealed view and never
 * loads a record document. Keyed by record, so names given on two devices while apart merge: each
 * record keeps one name (Automerge's winner when both renamed the same record; a rename wins over
 * a reset made apart). A name outlives its record's fields, and shows again if the record does.
 */
export const RECORD_NAMES = 'record-names'

type RecordNamesDoc = Record<string, ImmutableString>

defineSyncedDocument({ name: RECORD_NAMES, schema: 1 })
defineNamedView(RECORD_NAMES, (doc: RecordNamesDoc): Record<string, string> =>
  Object.fromEntries(Object.entries(doc).map(([record, name]) => [record, name.val]))
)

/** Record key → the name the person gave it (only named records). */
export async function recordNames(vault: Vault): Promise<Map<string, string>> {
  const { content } = await vault.documentView<Record<string, string>>(RECORD_NAMES)
  return new Map(Object.entries(content))
}

/**
 * Names the record (an empty name takes the name away: it shows by its key again); durable on
 * return. The record must be one the vault knows. Returns the name it has now, if any.
 */
export async function renameRecord(vault: Vault, record: string, name: string): Promise<string | undefined> {
  const wanted = checkedRecordName(name)
  if (!RECORD_KEY_PATTERN.test(record)) throw badInput('record must be a record key, e.g. "passport" (letters, digits, "-" and "_", up to 64)')
  if (!(await vault.recordNames()).includes(record)) throw notFound(`No record ${record} (see \`mevault list\`)`)
  const handle = await vault.document<RecordNamesDoc>(RECORD_NAMES)
  const current = handle.doc()[record]?.val
  if (current === (wanted || undefined)) return current
  await vault.changeDocument(handle, (doc) => {
    if (wanted === '') delete doc[record]
    else doc[record] = new ImmutableString(wanted)
  })
  return wanted || undefined
}

/** The name trimmed, or BAD_INPUT saying what is wrong with it (without quoting it). */
export function checkedRecordName(name: string): string {
  const trimmed = name.trim()
  const problem = recordNameProblem(trimmed)
  if (problem) throw badInput(problem.charAt(0).toUpperCase() + problem.slice(1))
  return trimmed
}

/**
 * Names for records an import makes, as a change that Vault.setFields makes durable with their
 * fields (one transaction). A record the person already named keeps its name. A title is made to
 * fit the rule (control characters become spaces, cut at the longest length) rather than dropped.
 */
export async function recordNamesChange(vault: Vault, names: ReadonlyMap<string, string>): Promise<DocumentChange | undefined> {
  const handle = await vault.document<RecordNamesDoc>(RECORD_NAMES)
  const named = handle.doc()
  const fresh = [...names].flatMap(([record, title]): Array<[string, string]> => {
    const name = fittedName(title)
    return named[record] === undefined && name !== '' ? [[record, name]] : []
  })
  if (fresh.length === 0) return undefined
  fresh.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)) // in key order: Automerge fills a large map faster so
  return documentChange(handle, (doc) => {
    for (const [record, name] of fresh) doc[record] = new ImmutableString(name)
  })
}

/** A title from another app as a record name: one line, at most the longest length. */
function fittedName(title: string): string {
  // eslint-disable-next-line no-control-regex -- the same characters recordNameProblem refuses
  const oneLine = title.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').replace(/\s+/g, ' ').trim()
  return [...oneLine].slice(0, MAX_RECORD_NAME_LENGTH).join('').trim()
}
