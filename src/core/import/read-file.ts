import { badInput } from '../../shared/errors.js'
import type { ImportFormat } from '../../shared/import-plan.js'
import type { Tier } from '../../shared/types.js'
import type { ColumnMap } from './column-map.js'
import { checkSize, detectFormat, fileText } from './import-input.js'
import { placeFields, type PlacedField } from './place-fields.js'
import { read1pux } from './read-1pux.js'
import { readBitwarden } from './read-bitwarden.js'
import { readCsv } from './read-csv.js'
import { isObject, parseJsonText, readJson } from './read-json.js'
import { readVcard } from './read-vcard.js'
import type { SourceRead } from './source-entry.js'

export interface ImportFile {
  fileName: string
  bytes: Uint8Array
  format?: string
  /** CSV: COLUMN → claim or RECORD.FIELD ('' or '-' leaves the column out). */
  map?: ColumnMap
  /** The tier of every imported field (private when not given; MeVault's export keeps its own). */
  tier?: Tier
  /** vCard: which card of an address book (1-based). */
  card?: number
  /** CSV: the mapping kept for a header row, used when `map` is not given. */
  savedMapFor?: (header: string[]) => ColumnMap | undefined
}

export interface FileRead {
  format: ImportFormat
  fields: PlacedField[]
  skipped: string[]
  columns?: SourceRead['columns']
  header?: string[]
  savedMap?: boolean
  /** Record → the title of the item or row it holds (a record of its own per entry): the record's name. */
  names?: Map<string, string>
}

/** Reads and places a file's fields; BAD_INPUT (naming the line or member) before anything is written. */
export function readImportFile(file: ImportFile): FileRead {
  checkSize(file.bytes)
  const format = detectFormat(file.fileName, file.bytes, file.format)
  const read = readAs(format, file)
  const names = new Map<string, string>()
  const fields = placeFields(read.entries, { tier: file.tier, exactPaths: read.exactPaths, names })
  if (fields.length === 0) throw badInput('The file holds nothing to import (no field MeVault can place)')
  if (read.names) {
    // A name the file gives a record it holds no field of would name a record that is not there.
    const records = new Set(fields.map((field) => field.path.split('.')[0]!))
    for (const [record, name] of read.names) if (records.has(record)) names.set(record, name)
  }
  return { format, fields, skipped: read.skipped, columns: read.columns, header: read.header, savedMap: read.savedMap, ...(names.size > 0 ? { names } : {}) }
}

function readAs(format: ImportFormat, file: ImportFile): SourceRead {
  if (format === '1pux') return read1pux(file.bytes)
  const text = fileText(file.bytes)
  switch (format) {
    case 'vcard':
      return readVcard(text, file.card)
    case 'csv':
      return readCsv(text, file.map, file.savedMapFor)
    case 'json':
      return readJson(text)
    case 'bitwarden': {
      const data = parseJsonText(text, 'Bitwarden export')
      if (!isObject(data) || !(Array.isArray(data.items) || data.encrypted === true)) throw badInput('The Bitwarden export has no "items" list')
      return readBitwarden(data)
    }
  }
}
