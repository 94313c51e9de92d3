import { defineNamedView } from '../vault/named-views.js'
import { defineSyncedDocument } from '../vault/synced-documents.js'
import { documentChange, type DocumentChange, type Vault } from '../vault/vault.js'
import type { ColumnMap } from './column-map.js'

/**
 * CSV column mappings a person gave, kept to be used again (docs/import.md): one synced document,
 * keyed by the CSV's header row (its columns joined by U+001F), each a map COLUMN → claim or path.
 * Only column names and targets: never a value. Sealed like every document, and synced, so a
 * mapping made in the app is there for `mevault import` and on the person's other devices.
 */
export const IMPORT_MAPS = 'import-maps'

type SavedMapsDoc = Record<string, Record<string, string>>

defineSyncedDocument({ name: IMPORT_MAPS, schema: 1 })
defineNamedView(IMPORT_MAPS, (doc: SavedMapsDoc): SavedMapsDoc => JSON.parse(JSON.stringify(doc)) as SavedMapsDoc)

export const headerKey = (header: readonly string[]): string => header.join('\u001f')

export async function savedMaps(vault: Vault): Promise<SavedMapsDoc> {
  return (await vault.documentView<SavedMapsDoc>(IMPORT_MAPS)).content
}

/** The change that keeps `map` for CSVs with this header, made durable with the import itself. */
export async function saveMapChange(vault: Vault, header: readonly string[], map: ColumnMap): Promise<DocumentChange> {
  const handle = await vault.document<SavedMapsDoc>(IMPORT_MAPS)
  return documentChange(handle, (doc) => {
    doc[headerKey(header)] = { ...map }
  })
}
