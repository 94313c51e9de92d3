/**
 * Text from outside (a request, a packet, an envelope, an invitation code, a file name, a peer)
 * must never drive the terminal: an ESC starts a sequence that can move the cursor, rewrite the
 * line being read or set the window title; a bidi override reorders what the person reads; an
 * invisible format character hides a difference. Every such character is shown as a visible
 * escape instead (\x1b, \u202e, \u{e0041}), so the person sees that something odd is there.
 *
 * Escaped: control characters (C0, DEL, C1), format characters (bidi marks, embeddings, overrides
 * and isolates, zero-width characters, soft hyphen, BOM, tag characters), line and paragraph
 * separators, and lone surrogates. A backslash is left as it is: this is for reading, not for
 * parsing back (use --json for that).
 */
const UNSAFE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/gu
/** The same, minus the line feed: for whole blocks of output whose line breaks are our own. */
const UNSAFE_BUT_LINE_FEED = /(?!\n)[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/gu

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' }

function visible(char: string): string {
  const named = NAMED[char]
  if (named) return named
  const code = char.codePointAt(0)!
  const hex = code.toString(16)
  if (code < 0x100) return `\\x${hex.padStart(2, '0')}`
  if (code <= 0xffff) return `\\u${hex.padStart(4, '0')}`
  return `\\u{${hex}}`
}

/** One piece of foreign text, safe to print inside a line: every unsafe character escaped, line breaks too. */
export function escapeForTerminal(text: string): string {
  return text.replace(UNSAFE, visible)
}

/**
 * A line built from our own words and foreign pieces: each interpolated value is escaped, the
 * literal parts are kept. `shown\`Request from ${name} <${url}>\``.
 */
export function shown(literals: TemplateStringsArray, ...values: unknown[]): string {
  return literals.reduce((line, literal, index) => line + escapeForTerminal(String(values[index - 1])) + literal)
}

/**
 * The last guard before the terminal, for every block the CLI writes: whatever a command forgot
 * to escape cannot reach the terminal raw. Line feeds stay, since the blocks are made of lines.
 */
export function escapeBlock(text: string): string {
  return text.replace(UNSAFE_BUT_LINE_FEED, visible)
}

/**
 * JSON output stays JSON: JSON.stringify already escapes C0 controls and lone surrogates; this
 * also writes DEL, C1 controls and format characters (bidi overrides included) as \uXXXX, which
 * parses back to the very same string. They can only occur inside JSON strings (the only raw
 * line feeds are the indentation's), so a plain replace on the serialised text is exact.
 */
export function terminalSafeJson(json: string): string {
  return json.replace(UNSAFE_BUT_LINE_FEED, (char) =>
    Array.from({ length: char.length }, (_, i) => `\\u${char.charCodeAt(i).toString(16).padStart(4, '0')}`).join('')
  )
}
