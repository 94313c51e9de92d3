import { badInput } from '../../shared/errors.js'
import { TIERS, type Tier } from '../../shared/types.js'

/** A new field is private unless the person says otherwise. */
export const DEFAULT_TIER: Tier = 'private'

export function parseTier(tier: string): Tier {
  if ((TIERS as readonly string[]).includes(tier)) return tier as Tier
  throw badInput(`Unknown tier "${String(tier).slice(0, 40)}": use private, restricted or public`)
}
