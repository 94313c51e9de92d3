import { claimNamed } from '../../shared/claims.js'
import { badInput, isMeVaultError } from '../../shared/errors.js'
import type { FieldType, Tier } from '../../shared/types.js'
import { normalizeValue } from '../vault/field-value.js'
import type { SourceEntry } from './source-entry.js'
import { slug } from './slug.js'

export interface PlacedField {
  path: string
  value: string
  type: FieldType
  tier: Tier
  claim?: string
  source: string
}

/**
 * Where each value goes (docs/import.md):
 * - one entry (a person's own card, one CSV row, one identity): a claim goes to the claim's own path
 *   (identity.given_name, contact.email, address.locality…) and the field is tagged with the claim;
 * - several entries (a CSV of many rows, several identities): each entry is a record of its own,
 *   named after it (row-1, row-2… or the item's title), the claim's field name inside it
 *   (row-1.email), and no claim is tagged: which row is "the person" is not for an import to guess;
 * - MeVault's own export keeps every path, and its claims.
 * A path that comes twice gets _2, _3…; every value is checked for its type here, before anything
 * is written, and a bad one is named by where it came from (line, property or member).
 */
export function placeFields(
  entries: SourceEntry[],
  options: { tier?: Tier; exactPaths?: boolean; /** Filled with record → title for each entry that became a record of its own. */ names?: Map<string, string> }
): PlacedField[] {
  const single = entries.filter((entry) => !entry.ownPaths).length <= 1 || options.exactPaths === true
  const used = new Set<string>()
  const records = new Set<string>()
  const placed: PlacedField[] = []
  for (const entry of entries) {
    const record = single || entry.ownPaths ? undefined : uniqueRecord(slug(entry.name, 'entry'), records)
    if (record && entry.title) options.names?.set(record, entry.title)
    for (const value of entry.values) {
      const target = value.target
      const definition = 'claim' in target ? claimNamed(target.claim) : undefined
      if ('claim' in target && !definition) throw badInput(`${value.source}: no claim named "${target.claim.slice(0, 40)}"`)
      let path: string
      if (definition) path = record ? `${record}.${definition.path.split('.')[1]}` : definition.path
      else if ('record' in target) path = record ? `${record}.${target.field}` : `${target.record}.${target.field}`
      else continue
      if (!options.exactPaths) path = uniquePath(path, used)
      const type = value.type ?? definition?.type ?? 'text'
      placed.push({
        path,
        value: checked(type, value.value, path, value.source),
        type,
        tier: options.tier ?? value.tier ?? 'private',
        ...(definition && !record ? { claim: definition.name } : value.claim ? { claim: value.claim } : {}),
        source: value.source
      })
    }
  }
  return placed
}

function checked(type: FieldType, value: string, path: string, source: string): string {
  try {
    return normalizeValue(type, value, path)
  } catch (error) {
    if (isMeVaultError(error, 'BAD_INPUT')) throw badInput(`${source}: ${error.message}; nothing was imported`)
    throw error
  }
}

function uniqueRecord(name: string, used: Set<string>): string {
  let candidate = name
  for (let n = 2; used.has(candidate); n++) candidate = `${name.slice(0, 58)}-${n}`
  used.add(candidate)
  return candidate
}

function uniquePath(path: string, used: Set<string>): string {
  let candidate = path
  for (let n = 2; used.has(candidate); n++) candidate = `${path.slice(0, 120)}_${n}`
  used.add(candidate)
  return candidate
}
