import type { Tier } from '../../shared/types.js'

/** One icon per tier, everywhere: closed lock, half-open lock, globe. Decorative: the label says it. */
export function TierIcon({ tier }: { tier: Tier }) {
  return (
    <svg className="tier-icon" viewBox="0 0 24 24" width="16" height="16" aria-hidden="true" focusable="false">
      {tier === 'private' && (
        <>
          <rect x="5" y="11" width="14" height="10" rx="2" />
          <path d="M8 11V8a4 4 0 0 1 8 0v3" />
        </>
      )}
      {tier === 'restricted' && (
        <>
          <rect x="5" y="11" width="14" height="10" rx="2" />
          <path d="M8 11V8a4 4 0 0 1 7.5-2" />
        </>
      )}
      {tier === 'public' && (
        <>
          <circle cx="12" cy="12" r="9" />
          <path d="M3 12h18M12 3c2.8 3 2.8 15 0 18M12 3c-2.8 3-2.8 15 0 18" />
        </>
      )}
    </svg>
  )
}
