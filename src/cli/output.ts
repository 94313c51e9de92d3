import type { FieldVersion, FieldView } from '../shared/types.js'
import { escapeBlock, shown, terminalSafeJson } from './terminal-text.js'

const TIER_MARK = { private: '🔒 private', restricted: '◐ restricted', public: '🌐 public' } as const

/** Every human-readable line on stdout goes through here: nothing in it can drive the terminal. */
export function out(text: string): void {
  process.stdout.write(escapeBlock(text))
}

export function printJson(value: unknown): void {
  process.stdout.write(`${terminalSafeJson(JSON.stringify(value, null, 2))}\n`)
}

/**
 * `get`: the value exactly as stored when piped (a script gets its bytes back), escaped like any
 * other text when shown on a terminal.
 */
export function printValue(value: string): void {
  process.stdout.write(process.stdout.isTTY ? `${escapeBlock(value)}\n` : `${value}\n`)
}

export function printFields(fields: FieldView[]): void {
  if (fields.length === 0) {
    out('No fields. Add one with: mevault set contact.email --type email (it asks for the value)\n')
    return
  }
  const width = Math.max(...fields.map((f) => f.path.length))
  for (const field of fields) {
    const value = field.value.replace(/\s*\n\s*/g, ', ')
    out(`${field.path.padEnd(width)}  ${TIER_MARK[field.tier].padEnd(13)}  ${shown`${value}`}\n`)
  }
}

export function printHistory(versions: FieldVersion[]): void {
  for (const v of versions) {
    const what = v.value === null ? '(removed)' : shown`${v.value}  [${v.tier}, ${v.type}]`
    out(`${String(v.version).padStart(3)}  ${v.at}  ${shown`${v.device}`}  ${what}\n`)
  }
}

/** Warnings and notes go to stderr so stdout stays clean for scripts. */
export function note(message: string): void {
  process.stderr.write(`${escapeBlock(message)}\n`)
}

/** A line made elsewhere (a sync or pairing log line naming a peer): one line, whatever it holds. */
export function noteLine(line: string): void {
  process.stderr.write(`${shown`${line}`}\n`)
}
