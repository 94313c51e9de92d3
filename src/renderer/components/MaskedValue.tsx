import type { Tier } from '../../shared/types.js'

/** What a hidden value shows: never the value itself, so it is not in the page at all until revealed. */
export const MASK = '•••••'

/** Private values are hidden until the person reveals them; restricted and public ones are shown. */
export function isHidden(tier: Tier, revealed: boolean): boolean {
  return tier === 'private' && !revealed
}

/** A value, or dots in its place (read out as "hidden"). */
export function MaskedValue(props: { value: string; hidden: boolean; className?: string }) {
  if (!props.hidden) return <span className={props.className}>{props.value}</span>
  return (
    <span className={`${props.className ?? ''} masked`}>
      <span aria-hidden="true">{MASK}</span>
      <span className="visually-hidden">hidden</span>
    </span>
  )
}
