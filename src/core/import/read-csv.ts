import { parse } from 'csv-parse/sync'
import { FIELD_PATH_PATTERN } from '../../shared/api.js'
import { badInput } from '../../shared/errors.js'
import { claimForColumn, targetFor, type ColumnMap } from './column-map.js'
import type { SourceEntry, SourceRead, ValueTarget } from './source-entry.js'

/**
 * Reads a CSV with a header row through csv-parse: a BOM, CRLF and quoting are its business; the
 * delimiter (`,` or `;`) is the one the header line holds more of. Each data row is an entry;
 * columns map to claims by their names, or through `map` (which wins, and can leave a column out).
 */
export function readCsv(text: string, given?: ColumnMap, savedFor?: (header: string[]) => ColumnMap | undefined): SourceRead {
  const body = text.replace(/^\uFEFF/, '')
  const delimiter = guessDelimiter(body)
  let rows: Array<{ record: string[]; info: { lines: number } }>
  try {
    rows = parse(body, { delimiter, info: true, relax_column_count: false, skip_empty_lines: true, bom: true }) as unknown as typeof rows
  } catch (error) {
    throw badInput(`The CSV is malformed at line ${csvErrorLine(error)}`)
  }
  if (rows.length === 0) throw badInput('The CSV is empty: it needs a header row naming its columns')
  const header = rows[0]!.record.map((c) => c.trim())
  // A mapping given now wins; else the one kept from an earlier import of a CSV with this header.
  const saved = given === undefined ? savedFor?.(header) : undefined
  const map = given ?? saved ?? {}
  const unknownMapped = Object.keys(map).filter((column) => !header.includes(column))
  if (unknownMapped.length > 0) throw badInput(`--map names a column the CSV does not have: "${unknownMapped[0]!.slice(0, 60)}"`)
  const targets: Array<ValueTarget | null> = header.map((column) => {
    if (Object.hasOwn(map, column)) return targetFor(column, map[column]!)
    const claim = claimForColumn(column)
    if (claim) return { claim }
    // A header that is a RECORD.FIELD path (as `export.csv` writes them) maps to that path.
    return FIELD_PATH_PATTERN.test(column) ? { record: column.split('.')[0]!, field: column.split('.')[1]! } : null
  })
  const columns = header.map((column, i) => ({ column, target: describe(targets[i]!) }))
  const skipped = columns.filter((c) => c.target === null).map((c) => `column "${c.column}": no claim by that name (map it with --map "${c.column}=CLAIM|RECORD.FIELD")`)
  const entries: SourceEntry[] = rows.slice(1).map(({ record, info }, index) => {
    const values = record.flatMap((cell, i) => {
      const target = targets[i]
      const value = cell.trim()
      return target && value !== '' ? [{ target, value, source: `line ${info.lines}, column "${header[i]}"` }] : []
    })
    const title = personName(values)
    return { name: `row-${index + 1}`, ...(title ? { title } : {}), values }
  })
  if (entries.length === 0) throw badInput('The CSV has a header row and no rows below it')
  return { entries, skipped, columns, header, ...(saved ? { savedMap: true } : {}) }
}

/** A row's "Given Family", from its first and last name columns: the name its record is given. */
function personName(values: SourceEntry['values']): string {
  const part = (claim: string) => values.find(({ target }) => 'claim' in target && target.claim === claim)?.value ?? ''
  return [part('given_name'), part('family_name')].filter((text) => text !== '').join(' ')
}

function describe(target: ValueTarget | null): string | null {
  if (target === null) return null
  return 'claim' in target ? target.claim : `${target.record}.${target.field}`
}

/** `;` (Excel in much of Europe) or `,`: whichever the header line holds more of, outside quotes. */
function guessDelimiter(text: string): ',' | ';' {
  const firstLine = text.split(/\r?\n/, 1)[0] ?? ''
  const outside = firstLine.replace(/"[^"]*"/g, '')
  return (outside.match(/;/g) ?? []).length > (outside.match(/,/g) ?? []).length ? ';' : ','
}

/** csv-parse says where it stopped in `lines`; its message quotes the text, so only the number is used. */
function csvErrorLine(error: unknown): number | string {
  const lines = (error as { lines?: unknown }).lines
  return typeof lines === 'number' ? lines : '?'
}
