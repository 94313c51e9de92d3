import { CLAIMS, claimNamed } from '../../shared/claims.js'
import { badInput } from '../../shared/errors.js'
import { parseFieldPath } from '../vault/field-path.js'
import type { ValueTarget } from './source-entry.js'

/** COLUMN → a claim name or RECORD.FIELD, as `--map` and the preview give it. */
export type ColumnMap = Record<string, string>

/** "Email=email,Town=address.locality,Notes=misc.notes" → a map; BAD_INPUT names the piece that is wrong. */
export function parseColumnMap(text: string): ColumnMap {
  const map: ColumnMap = {}
  for (const piece of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const equals = piece.lastIndexOf('=')
    if (equals <= 0 || equals === piece.length - 1) throw badInput(`--map: "${piece.slice(0, 80)}" is not COLUMN=CLAIM or COLUMN=RECORD.FIELD`)
    map[piece.slice(0, equals).trim()] = piece.slice(equals + 1).trim()
  }
  return map
}

/** A claim name or a RECORD.FIELD path (checked), or '' / '-' for "leave this column out". */
export function targetFor(column: string, target: string): ValueTarget | null {
  if (target === '' || target === '-') return null
  if (claimNamed(target)) return { claim: target }
  if (target.includes('.')) {
    const { record, field } = parseFieldPath(target)
    return { record, field }
  }
  throw badInput(`Column "${column.slice(0, 60)}" maps to "${target.slice(0, 60)}", which is neither a claim (\`mevault claims\`) nor a RECORD.FIELD path`)
}

const normalise = (name: string): string => name.toLowerCase().replace(/[\s_\-.]/g, '')

/** The claim a column's header names by itself: "email", "E-mail Address" → email; "City" → address.locality. */
export function claimForColumn(column: string): string | undefined {
  const name = normalise(column)
  for (const definition of CLAIMS) {
    const names = [definition.name, definition.name.slice(definition.name.lastIndexOf('.') + 1), ...definition.alsoKnownAs, definition.label]
    if (names.map(normalise).includes(name)) return definition.name
  }
  return undefined
}
