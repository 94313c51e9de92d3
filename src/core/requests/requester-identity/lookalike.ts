import unhomoglyph from 'unhomoglyph'

/**
 * Confusable skeletons (Unicode UTS #39, with the Unicode confusables data as the unhomoglyph
 * package ships it): two strings that look alike have the same skeleton. "Gооgle" with Cyrillic
 * о's, "rn" for "m" and "I" for "l" all fall onto one form. The skeleton is for comparing only,
 * never for showing. Case is folded too ("NORDBANK" imitates "Nordbank"): mapped before folding,
 * so a capital I still reads as l, and after, so "M" meets "rn" as "m" does.
 */
export function skeleton(text: string): string {
  const mapped = unhomoglyph(text.normalize('NFD')).toLowerCase()
  return unhomoglyph(mapped).normalize('NFD').toLowerCase()
}

/** The first of `known` that `text` looks like without being it, if any. */
export function imitated(text: string, known: Iterable<string>): string | undefined {
  const name = text.normalize('NFC')
  const shape = skeleton(name)
  for (const candidate of known) {
    const other = candidate.normalize('NFC')
    if (other !== name && skeleton(other) === shape) return candidate
  }
  return undefined
}
