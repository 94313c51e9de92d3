import type { RequestPreview } from '../../shared/api.js'
import { claimNamed } from '../../shared/claims.js'
import { describeDeclaredUse } from '../../shared/declared-use.js'
import type { ConsentLine } from '../../shared/types.js'
import { escapeForTerminal, shown } from '../terminal-text.js'

/**
 * `request show`'s lines: one row per requested line with its readable label, the claim it asks
 * for, and the vault field that answers it; then, for each claim the vault lacks, how to add it.
 * Everything here came from the request (or the vault): each piece is escaped.
 */
export function requestLinesText(preview: RequestPreview): string[] {
  const rows = preview.lines
  const cells = rows.map((line) => [
    escapeForTerminal(line.label),
    line.claim === undefined ? '-' : escapeForTerminal(line.claim),
    line.field === undefined ? 'missing' : escapeForTerminal(line.field),
    line.tier ?? '-',
    line.suggestion,
    line.preview === undefined ? '' : escapeForTerminal(JSON.stringify(line.preview)),
    `${escapeForTerminal(line.purpose.replace(/\s*\n\s*/g, ' '))}${line.required ? ' (required)' : ''}`
  ])
  const header = ['ASKS FOR', 'CLAIM', 'ANSWERED BY', 'TIER', 'POLICY', 'PREVIEW', 'PURPOSE']
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((row) => row[i]!.length)))
  const table = [header, ...cells].map((row) => row.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd())
  const missing = rows.filter((line) => !line.held).map(missingHint)
  return missing.length === 0 ? table : [...table, '', ...missing]
}

/** "Kept only by Nordbank", "Sold to others, with your name on it (warning)", …: the request's declared use. */
export function declaredUseText(preview: Pick<RequestPreview, 'use' | 'requester'>): string {
  const { text, tone } = describeDeclaredUse(preview.use, preview.requester.name)
  const shownText = escapeForTerminal(text)
  return tone === 'warning' ? `WARNING: ${shownText}` : tone === 'caution' ? `Caution: ${shownText}` : shownText
}

function missingHint(line: ConsentLine): string {
  const asked = line.claim === undefined ? escapeForTerminal(line.requestedKey) : shown`${line.label} (${line.claim})`
  // Held, but not one of the values an OpenID4VP verifier accepts: nothing to add.
  if (line.field !== undefined) return `${asked}: ${escapeForTerminal(line.reason)}`
  if (line.claim === undefined) return `${asked}: missing: add it with \`mevault set ${asked}\``
  const known = claimNamed(line.claim)
  if (!known) return `${asked}: missing: MeVault does not know this claim, so no field can carry it`
  return `${asked}: missing: add it with \`mevault set ${known.path} --claim ${known.name}\``
}
