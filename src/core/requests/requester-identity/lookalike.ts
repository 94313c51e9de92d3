/**
 * The confusables table is loaded on first use: building its matcher costs tens of milliseconds,
 * which every process that loads the service would otherwise pay at start-up, checked or not.
 */
let loaded: Promise<(text: string) => string> | undefined
function confusables(): Promise<(text: string) => string> {
  loaded ??= import('unhomoglyph').then((module) => module.default)
  return loaded
}

/**
 * Confusable skeletons (Unicode UTS #39, with the Unicode confusables data as the unhomoglyph
 * package ships it): two strings that look alike have the same skeleton. "Gооgle" with Cyrillic
 * о's, "rn" for "m" and "I" for "l" all fall onto one form. A skeleton is for comparing only, never
 * for showing. Two per text: UTS #39's own, where a capital I reads as l, and one of the
 * lowercased text, so that "NORDBANK" imitates "Nordbank" and "Rnicrosoft" imitates "Microsoft".
 */
export async function skeletons(text: string): Promise<[string, string]> {
  const unhomoglyph = await confusables()
  const decomposed = text.normalize('NFD')
  return [unhomoglyph(decomposed).normalize('NFD'), unhomoglyph(decomposed.toLowerCase()).normalize('NFD')]
}

/** The first of `known` that `text` looks like without being it, if any. */
export async function imitated(text: string, known: Iterable<string>): Promise<string | undefined> {
  const candidates = [...known]
  if (candidates.length === 0) return undefined
  const name = text.normalize('NFC')
  const [exact, folded] = await skeletons(name)
  for (const candidate of candidates) {
    const other = candidate.normalize('NFC')
    if (other === name) continue
    const [otherExact, otherFolded] = await skeletons(other)
    if (otherExact === exact || otherFolded === folded) return candidate
  }
  return undefined
}
