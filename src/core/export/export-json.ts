import type { ExportedRecord, VaultExport } from '../../shared/types.js'
import { recordNames } from '../records/record-names.js'
import type { Vault } from '../vault/vault.js'

/**
 * MeVault's own export (`mevault export`, `vault.export`): every field, and the names the person
 * gave records, so that importing it into a fresh vault gives the records their names back
 * (import/read-json.ts). A name whose record holds no field any more is left out: an import has
 * nothing to give it to.
 */
export async function exportVault(vault: Vault): Promise<VaultExport> {
  const exported = await vault.export()
  const held = new Set(exported.fields.map((field) => field.record))
  const names = [...(await recordNames(vault))].filter(([record]) => held.has(record))
  if (names.length === 0) return exported
  const records: Record<string, ExportedRecord> = Object.fromEntries(names.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([record, name]) => [record, { name }]))
  return { ...exported, records }
}
