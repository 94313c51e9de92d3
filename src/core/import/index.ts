import type { ImportItem, ImportPlan, ImportResult } from '../../shared/import-plan.js'
import { claimsByPath } from '../claims/claim-tags.js'
import type { Vault } from '../vault/vault.js'
import { recordNamesChange } from '../records/record-names.js'
import { claimTagsChange } from './claim-tags-change.js'
import { readImportFile, type FileRead, type ImportFile } from './read-file.js'
import { headerKey, saveMapChange, savedMaps } from './saved-maps.js'

export type { ImportFile } from './read-file.js'
export { MAX_IMPORT_BYTES } from './import-input.js'

/** What to do with a conflict: the person's choice per path, else the default (keep). */
export interface ConflictChoices {
  conflicts?: 'keep' | 'replace'
  resolutions?: Record<string, 'keep' | 'replace'>
}

export type ImportProgress = { phase: 'reading' } | { phase: 'comparing'; fields: number } | { phase: 'writing'; fields: number } | { phase: 'done'; written: number }

/** The import plan: each field, where it goes, and whether the vault already holds it. Writes nothing. */
export async function previewImport(vault: Vault, file: ImportFile, onProgress?: (progress: ImportProgress) => void): Promise<ImportPlan> {
  onProgress?.({ phase: 'reading' })
  const read = await readWithSavedMap(vault, file)
  onProgress?.({ phase: 'comparing', fields: read.fields.length })
  const current = new Map((await vault.list()).map((field) => [field.path, field]))
  const items: ImportItem[] = read.fields.map((field) => {
    const held = current.get(field.path)
    if (held === undefined) return { ...field, status: 'new' }
    if (held.value === field.value) return { ...field, status: 'same' }
    return { ...field, status: 'conflict', current: held.value, currentTier: held.tier }
  })
  const counts = { new: 0, same: 0, conflict: 0 }
  for (const item of items) counts[item.status]++
  const records = [...new Set(items.map((item) => item.path.split('.')[0]!))]
  return {
    format: read.format,
    records,
    items,
    counts,
    skipped: read.skipped,
    ...(read.columns ? { columns: read.columns } : {}),
    ...(read.savedMap ? { savedMap: true } : {}),
    ...(read.names ? { names: Object.fromEntries(read.names) } : {})
  }
}

async function readWithSavedMap(vault: Vault, file: ImportFile): Promise<FileRead> {
  const saved = file.map === undefined ? await savedMaps(vault) : {}
  return readImportFile({ ...file, savedMapFor: (header) => saved[headerKey(header)] })
}

/**
 * Writes the plan's new fields and the conflicts the person chose to replace, and tags the claims
 * no field carries yet: all in one transaction (Vault.setFields), so a failure leaves the vault as it was.
 */
export async function applyImport(vault: Vault, file: ImportFile, choices: ConflictChoices = {}, onProgress?: (progress: ImportProgress) => void): Promise<ImportResult> {
  const plan = await previewImport(vault, file, onProgress)
  // A mapping the person gave is kept for the next CSV with this header (in the same transaction).
  const header = file.map !== undefined && plan.format === 'csv' ? (await readWithSavedMap(vault, file)).header : undefined
  const replace = (item: ImportItem): boolean => (choices.resolutions?.[item.path] ?? choices.conflicts ?? 'keep') === 'replace'
  const written = plan.items.filter((item) => item.status === 'new' || (item.status === 'conflict' && replace(item)))
  const writing = new Set(written)
  const tagged = await claimsByPath(vault)
  const claimed = new Set(tagged.values())
  const tags = plan.items
    .filter((item) => item.claim !== undefined && !claimed.has(item.claim) && (item.status === 'same' || writing.has(item)))
    .map((item) => ({ path: item.path, claim: item.claim! }))
  onProgress?.({ phase: 'writing', fields: written.length })
  const tagsChange = await claimTagsChange(vault, tags)
  // Every record of the plan holds its fields after the import: each is named after its item or row.
  const namesChange = plan.names ? await recordNamesChange(vault, new Map(Object.entries(plan.names))) : undefined
  const changes = [
    ...(tagsChange ? [tagsChange] : []),
    ...(namesChange ? [namesChange] : []),
    ...(header && file.map ? [await saveMapChange(vault, header, file.map)] : [])
  ]
  if (written.length > 0) {
    await vault.setFields(
      written.map(({ path, value, type, tier }) => ({ path, value, type, tier })),
      changes
    )
  } else if (changes.length > 0) await vault.changeDocuments(changes)
  const replaced = written.filter((item) => item.status === 'conflict').length
  onProgress?.({ phase: 'done', written: written.length })
  return {
    written: written.length,
    same: plan.counts.same,
    kept: plan.counts.conflict - replaced,
    replaced,
    claimsTagged: tags.length,
    records: new Set(written.map((item) => item.path.split('.')[0])).size
  }
}
