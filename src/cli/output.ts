import type { FieldVersion, FieldView } from '../shared/types.js'

const TIER_MARK = { private: '🔒 private', restricted: '◐ restricted', public: '🌐 public' } as const

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`)
}

export function printFields(fields: FieldView[]): void {
  if (fields.length === 0) {
    process.stdout.write('No fields. Add one with: mevault set contact.email you@example.org --type email\n')
    return
  }
  const width = Math.max(...fields.map((f) => f.path.length))
  for (const field of fields) {
    const value = field.value.replace(/\s*\n\s*/g, ', ')
    process.stdout.write(`${field.path.padEnd(width)}  ${TIER_MARK[field.tier].padEnd(13)}  ${value}\n`)
  }
}

export function printHistory(versions: FieldVersion[]): void {
  for (const v of versions) {
    const what = v.value === null ? '(removed)' : `${v.value}  [${v.tier}, ${v.type}]`
    process.stdout.write(`${String(v.version).padStart(3)}  ${v.at}  ${v.device}  ${what}\n`)
  }
}

/** Warnings and notes go to stderr so stdout stays clean for scripts. */
export function note(message: string): void {
  process.stderr.write(`${message}\n`)
}
