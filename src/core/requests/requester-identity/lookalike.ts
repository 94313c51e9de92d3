import unhomoglyph from 'unhomoglyph'

/**
 * Confusable skeletons (Unicode UTS #39, with the Unicode confusables data as the unhomoglyph
 * package ships it): two strings that look alike have the same skeleton. "Gооgle" with Cyrillic
 * о's, "rn" for "m" and "I" for "l" all fall onto one form. A skeleton is for comparing only, never
 * for showing. Two per text: UTS #39's own, where a capital I reads as l, and one of the
 * lowercased text, so that "NORDBANK" imitates "Nordbank" and "Rnicrosoft" imitates "Microsoft".
 */
export function skeletons(text: string): [string, string] {
  const decomposed = text.normalize('NFD')
  return [unhomoglyph(decomposed).normalize('NFD'), unhomoglyph(decomposed.toLowerCase()).normalize('NFD')]
}

/** The first of `known` that `text` looks like without being it, if any. */
export function imitated(text: string, known: Iterable<string>): string | undefined {
  const name = text.normalize('NFC')
  const [exact, folded] = skeletons(name)
  for (const candidate of known) {
    const other = candidate.normalize('NFC')
    if (other === name) continue
    const [otherExact, otherFolded] = skeletons(other)
    if (otherExact === exact || otherFolded === folded) return candidate
  }
  return undefined
}
