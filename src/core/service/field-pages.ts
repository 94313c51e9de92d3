import type { FieldPage, MethodInput } from '../../shared/api.js'
import type { Tier } from '../../shared/types.js'
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
  input: { tier?: Tier; offset: number; limit: number }
): FieldPage {
  const { tier, offset, limit } = input
  const tiers: Record<Tier, number> = { private: 0, restricted: 0, public: 0 }
  for (const field of everything.fields) tiers[field.tier] += 1
  const inTier = tier === undefined ? matches.fields : matches.fields.filter((field) => field.tier === tier)
  return {
    offset,
    fields: inTier.slice(offset, offset + limit),
    total: inTier.length,
    tiers,
    damaged: everything.damaged.map(({ record, message }) => ({ record, message })),
    pending: everything.pending.length
  }
}
