/**
 * Which writing systems a name's letters come from (Unicode Script property), and whether they mix
 * in a way a real name would not: "Gооgle" with Cyrillic о's reads as Google but is another name.
 * Combinations that real names use are allowed, as in UTS #39's "highly restrictive" level:
 * Latin with Han and Japanese kana, with Han and Bopomofo, or with Han and Hangul.
 */

const SCRIPTS = [
  'Latin', 'Cyrillic', 'Greek', 'Armenian', 'Georgian', 'Hebrew', 'Arabic', 'Syriac', 'Thaana', 'Devanagari',
  'Bengali', 'Gurmukhi', 'Gujarati', 'Tamil', 'Telugu', 'Kannada', 'Malayalam', 'Sinhala', 'Thai', 'Lao',
  'Tibetan', 'Myanmar', 'Khmer', 'Mongolian', 'Ethiopic', 'Cherokee', 'Han', 'Hiragana', 'Katakana',
  'Hangul', 'Bopomofo'
] as const
const SCRIPT_TESTS = SCRIPTS.map((name) => [name, new RegExp(`^\\p{Script=${name}}$`, 'u')] as const)
/** Digits, punctuation, spaces and combining marks belong to no one script. */
const NO_SCRIPT = /^[\p{Script=Common}\p{Script=Inherited}]$/u

const ALLOWED_MIXES: ReadonlyArray<ReadonlySet<string>> = [
  new Set(['Latin', 'Han', 'Hiragana', 'Katakana']),
  new Set(['Latin', 'Han', 'Bopomofo']),
  new Set(['Latin', 'Han', 'Hangul'])
]

/** The scripts of the name's letters, in order of first appearance ('another script' for rare ones). */
export function scriptsOf(text: string): string[] {
  const found = new Set<string>()
  for (const char of text.normalize('NFC')) {
    if (NO_SCRIPT.test(char)) continue
    found.add(SCRIPT_TESTS.find(([, test]) => test.test(char))?.[0] ?? 'another script')
  }
  return [...found]
}

/** The scripts the name mixes, or undefined when it is written in one (or an allowed mix). */
export function mixedScripts(text: string): string[] | undefined {
  const scripts = scriptsOf(text)
  if (scripts.length < 2) return undefined
  if (ALLOWED_MIXES.some((allowed) => scripts.every((script) => allowed.has(script)))) return undefined
  return scripts
}
