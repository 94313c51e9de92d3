import type { LedgerEntry } from '../../shared/api.js'

export interface FieldHolders {
  path: string
  /** The answers that disclosed this field, in ledger order. */
  holders: LedgerEntry[]
}

/** "Who has what", turned around: for each disclosed field, who received it. */
export function holdersByField(entries: readonly LedgerEntry[]): FieldHolders[] {
  const byPath = new Map<string, LedgerEntry[]>()
  for (const entry of entries) {
    for (const path of entry.disclosed) {
      const list = byPath.get(path) ?? []
      list.push(entry)
      byPath.set(path, list)
    }
  }
  return [...byPath.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([path, holders]) => ({ path, holders }))
}
