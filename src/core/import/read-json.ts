import { badInput } from '../../shared/errors.js'
import { FIELD_TYPES, TIERS, type FieldType, type Tier } from '../../shared/types.js'
import { RECORD_KEY_PATTERN } from '../../shared/record-name.js'
import { parseFieldPath } from '../vault/field-path.js'
import { readBitwarden } from './read-bitwarden.js'
import type { SourceRead } from './source-entry.js'

/** JSON.parse with a message naming the line, never the text. */
export function parseJsonText(text: string, what: string): unknown {
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''))
  } catch (error) {
    const at = /position (\d+)/.exec(error instanceof Error ? error.message : '')
    const line = at ? text.slice(0, Number(at[1])).split('\n').length : undefined
    throw badInput(`The ${what} is not valid JSON${line === undefined ? '' : ` (line ${line})`}`)
  }
}

/** A JSON file: MeVault's own export (`mevault export`) or Bitwarden's unencrypted JSON export. */
export function readJson(text: string): SourceRead {
  const data = parseJsonText(text, 'JSON file')
  if (isObject(data) && data.format === 'mevault.export/1') return readMeVaultExport(data)
  if (isObject(data) && Array.isArray(data.items)) return readBitwarden(data)
  if (isObject(data) && data.encrypted === true) return readBitwarden(data)
  throw badInput('The JSON file is neither a MeVault export (format "mevault.export/1") nor a Bitwarden JSON export (an "items" list)')
}

export const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)

/** Every field where it was, with its type, tier and claim, and the records' names: importing an export gives the same vault. */
function readMeVaultExport(data: Record<string, unknown>): SourceRead {
  if (!Array.isArray(data.fields)) throw badInput('The MeVault export has no "fields" list')
  const values = data.fields.map((raw: unknown, i) => {
    const member = `fields[${i}]`
    if (!isObject(raw) || typeof raw.path !== 'string' || typeof raw.value !== 'string') throw badInput(`${member}: needs a "path" and a "value" (text)`)
    let target
    try {
      target = parseFieldPath(raw.path)
    } catch {
      throw badInput(`${member}.path is not a RECORD.FIELD path`)
    }
    const type = oneOf<FieldType>(raw.type, FIELD_TYPES, `${member}.type`)
    const tier = oneOf<Tier>(raw.tier, TIERS, `${member}.tier`)
    const claim = typeof raw.claim === 'string' ? raw.claim : undefined
    return { target: { record: target.record, field: target.field }, value: raw.value, type, tier, claim, source: member }
  })
  const names = exportedNames(data.records)
  return { entries: [{ name: 'export', values }], skipped: [], exactPaths: true, ...(names.size > 0 ? { names } : {}) }
}

/**
 * The export's `records` member (absent in exports older than record names): record key → the name
 * it had. A record without a name names nothing, and members of a record not known here are left
 * alone (a later export may say more of a record). The name is trimmed here and fitted to the rule
 * when it is given (recordNamesChange), like any imported title; a name is never quoted in a message.
 */
function exportedNames(records: unknown): Map<string, string> {
  const names = new Map<string, string>()
  if (records === undefined) return names
  if (!isObject(records)) throw badInput('records must be an object of records, e.g. { "passport": { "name": "Passport" } }')
  for (const [record, entry] of Object.entries(records)) {
    if (!RECORD_KEY_PATTERN.test(record)) throw badInput('records: a member is not a record key (letters, digits, "-" and "_", up to 64)')
    if (!isObject(entry)) throw badInput(`records.${record} must be an object, e.g. { "name": "Passport" }`)
    if (entry.name === undefined) continue
    if (typeof entry.name !== 'string') throw badInput(`records.${record}.name must be text`)
    const name = entry.name.trim()
    if (name !== '') names.set(record, name)
  }
  return names
}

function oneOf<T extends string>(value: unknown, allowed: readonly string[], member: string): T | undefined {
  if (value === undefined) return undefined
  if (typeof value === 'string' && allowed.includes(value)) return value as T
  throw badInput(`${member} must be one of ${allowed.join(', ')}`)
}
