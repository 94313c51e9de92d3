import type { Tier } from '../../shared/types.js'

export const TIER_LABEL: Readonly<Record<Tier, string>> = {
  private: 'Private',
  restricted: 'Restricted',
  public: 'Public'
}

export const TIER_HINT: Readonly<Record<Tier, string>> = {
  private: 'Never leaves without your explicit consent',
  restricted: 'Shared only if you say yes when asked',
  public: 'May be shared by your policies'
}
