import type { FieldVersion, FieldView } from '../shared/types.js'
import { escapeBlock, shown, terminalSafeJson } from './terminal-text.js'

/** Thrown by a write once stdout's reader has gone: the command stops; its one line was already said. */
export class OutputClosed extends Error {}

let outputClosed = false

/**
 * A reader that goes away early (`mevault list --json | head`) ends the command with one line on
 * stderr and exit code 1, never a stack trace; a streamed list stops at its next page.
 */
export function watchOutput(): void {
  process.stdout.on('error', () => {
    if (!outputClosed) process.stderr.write('mevault: the output was closed before all of it was written\n')
    outputClosed = true
    process.exitCode = 1 // EXIT.UNEXPECTED: what was asked for did not all arrive
  })
}

const TIER_MARK = { private: '🔒 private', restricted: '◐ restricted', public: '🌐 public' } as const

/** Every human-readable line on stdout goes through here: nothing in it can drive the terminal. */
export function out(text: string): void {
  process.stdout.write(escapeBlock(text))
}

export function printJson(value: unknown): void {
  process.stdout.write(`${terminalSafeJson(JSON.stringify(value, null, 2))}\n`)
}

/**
 * A JSON array written as its items arrive, in the very text printJson gives for the whole array:
 * a 100,000-field list never sits in memory as one array and one string. write() waits while
 * stdout's reader is behind (a pipe queues what it cannot take at once). Only end() closes the
 * document, so output cut short by a failure is never valid JSON (and the command exits non-zero).
 */
export function startJsonArray(): { write(items: readonly unknown[]): Promise<void>; end(): void } {
  let written = 0
  return {
    async write(items) {
      if (outputClosed) throw new OutputClosed()
      if (items.length === 0) return
      const text = items.map((item) => `  ${JSON.stringify(item, null, 2).replace(/\n/g, '\n  ')}`).join(',\n')
      const taken = process.stdout.write(`${written === 0 ? '[\n' : ',\n'}${terminalSafeJson(text)}`)
      written += items.length
      if (!taken) await drained()
    },
    end() {
      if (outputClosed) throw new OutputClosed()
      process.stdout.write(written === 0 ? '[]\n' : '\n]\n')
    }
  }
}

/** Resolves when stdout has passed on what it queued, or is gone (its error ends the command elsewhere). */
function drained(): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      process.stdout.off('drain', done)
      process.stdout.off('close', done)
      resolve()
    }
    process.stdout.once('drain', done)
    process.stdout.once('close', done)
  })
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
  let record: string | undefined
  for (const field of fields) {
    // A record the person named is introduced by its name, on a line of its own before its fields.
    if (field.record !== record && field.recordName !== undefined) out(shown`${field.recordName} (${field.record}):` + '\n')
    record = field.record
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
