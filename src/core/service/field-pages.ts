import type { FieldPage, MethodInput, RecordHeader } from '../../shared/api.js'
import type { FieldView, Tier } from '../../shared/types.js'
import type { FieldsRead, Vault } from '../vault/vault.js'

/**
 * One window of the vault's fields for a list that shows only what is on screen: the engine
 * searches (in memory, from the read model) and counts; only the rows asked for cross the boundary.
 */
export async function pageOfFields(vault: Vault, input: MethodInput<'fields.page'>): Promise<FieldPage> {
  const query = input.query?.trim() ?? ''
  const everything = await vault.listWithDamage()
  const matches = query === '' ? everything : await vault.searchWithDamage(query)
  return windowOf(everything, matches, input)
}

/** The window [offset, offset + limit) of the matches in `tier`, with the whole vault's counts. */
export function windowOf(
  everything: FieldsRead,
  matches: FieldsRead,
  input: { tier?: Tier; offset: number; limit: number; byRecord?: boolean }
): FieldPage {
  const { tier, offset, limit } = input
  const tiers: Record<Tier, number> = { private: 0, restricted: 0, public: 0 }
  for (const field of everything.fields) tiers[field.tier] += 1
  const inTier = tier === undefined ? matches.fields : matches.fields.filter((field) => field.tier === tier)
  const rows = input.byRecord ? groupedWindow(inTier, offset, limit) : { fields: inTier.slice(offset, offset + limit) }
  return {
    offset,
    ...rows,
    total: inTier.length,
    tiers,
    damaged: everything.damaged.map(({ record, message }) => ({ record, message })),
    pending: everything.pending.length
  }
}

/**
 * Rows [offset, offset + limit) of the list with a header before each record's fields. The list is
 * in record order (a record's fields are together), so a header goes wherever the record changes.
 */
function groupedWindow(
  fields: readonly FieldView[],
  offset: number,
  limit: number
): { fields: FieldView[]; rows: number; headers: RecordHeader[] } {
  const end = offset + limit
  const inWindow: FieldView[] = []
  const headers: RecordHeader[] = []
  let row = 0
  for (let i = 0; i < fields.length; i++) {
    const record = fields[i]!.record
    if (i === 0 || fields[i - 1]!.record !== record) {
      if (row >= offset && row < end) headers.push({ at: row, record, fields: countFrom(fields, i) })
      row += 1
    }
    if (row >= offset && row < end) inWindow.push(fields[i]!)
    row += 1
  }
  return { fields: inWindow, rows: row, headers }
}

/** How many fields of the record starting at `start` follow in a row. */
function countFrom(fields: readonly FieldView[], start: number): number {
  let end = start
  while (end < fields.length && fields[end]!.record === fields[start]!.record) end++
  return end - start
}
