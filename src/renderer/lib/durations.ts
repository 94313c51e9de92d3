const UNITS: Array<[string, string]> = [
  ['Y', 'year'],
  ['M', 'month'],
  ['W', 'week'],
  ['D', 'day']
]
const TIME_UNITS: Array<[string, string]> = [
  ['H', 'hour'],
  ['M', 'minute'],
  ['S', 'second']
]

/** "P1Y6M" → "1 year and 6 months": retention stated plainly. Unknown forms are shown as given; none as not stated. */
export function describeDuration(iso: string | undefined): string {
  if (iso === undefined) return 'Not stated'
  const match = /^P(?!$)((?:\d+[YMWD])*)(?:T((?:\d+[HMS])+))?$/.exec(iso)
  if (!match) return iso
  const parts: string[] = []
  const collect = (text: string | undefined, units: Array<[string, string]>) => {
    for (const [letter, word] of units) {
      const found = new RegExp(`(\\d+)${letter}`).exec(text ?? '')
      if (found) parts.push(`${Number(found[1])} ${word}${Number(found[1]) === 1 ? '' : 's'}`)
    }
  }
  collect(match[1], UNITS)
  collect(match[2], TIME_UNITS)
  if (parts.length === 0) return iso
  return parts.length === 1 ? parts[0]! : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)!}`
}

/** A date and time in the person's own locale. */
export function formatWhen(iso: string): string {
  const date = new Date(iso)
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })
}
