import type { Tier } from '../../shared/types.js'

const OPENNESS: Readonly<Record<Tier, number>> = { private: 0, restricted: 1, public: 2 }

/** True when moving from one tier to the other lets the field leave more easily (it needs a yes first). */
export const isLessPrivate = (from: Tier, to: Tier): boolean => OPENNESS[to] > OPENNESS[from]
