import { MeVaultError } from '../../shared/errors.js'

/*
 * The registry of synced named documents. Each feature declares its documents here, once, at module
 * load (as named-views.ts lets the ledger declare its views), with the schema version it writes
 * them in; sync carries exactly what is declared.
 *
 * Features keep their entries at each document's root (so entries made on two devices merge), so
 * the schema version cannot sit inside the document without every reader skipping it. It travels
 * beside them instead, in the synced `schemas` document: registry name → the highest schema any
 * device wrote that document in (absent: 1). A MeVault that writes a document in a newer shape
 * raises the number there first. A device whose registry knows a lower number refuses the
 * document whole: its features cannot open it (NEWER_SCHEMA), no view is made of it, and a sync
 * that brought it says so. Its bytes are kept, sealed, for when MeVault is updated.
 */

/** The document that carries each synced document's schema version. Its own shape never changes. */
export const SCHEMAS_DOCUMENT = 'schemas'

export type SchemasDoc = Record<string, number>

export interface SyncedDocument {
  /** The document's name, or for a family (one document per month…) the prefix every member's name starts with. */
  name: string
  /** The schema version this MeVault reads and writes it in: raised whenever its shape changes. */
  schema: number
  /** For a family: its members' names now, read from the vault (asked again each sync round). */
  members?: (vault: object) => Promise<string[]>
}

const registry: SyncedDocument[] = [{ name: SCHEMAS_DOCUMENT, schema: 1 }]

/** Declares a synced document (or, with `members`, a family of them); once per name. */
export function defineSyncedDocument<V extends object>(declared: {
  name: string
  schema: number
  members?: (vault: V) => Promise<string[]>
}): void {
  if (registry.some((entry) => entry.name === declared.name)) return
  registry.push(declared as SyncedDocument)
}

/** Every declared document and family, in declaration order. */
export const syncedDocuments = (): readonly SyncedDocument[] => registry

/** The declaration a document name falls under: its own, or its family's. */
export function declarationOf(name: string): SyncedDocument | undefined {
  return registry.find((entry) => entry.name === name) ?? registry.find((entry) => entry.members && name.startsWith(entry.name))
}

/** The documents, among `names`, that `schemas` says a newer MeVault wrote: [name, its schema, ours]. */
export function newerThanKnown(schemas: SchemasDoc, names: readonly string[]): Array<[string, number, number]> {
  const newer: Array<[string, number, number]> = []
  for (const name of names) {
    const declared = declarationOf(name)
    if (!declared || declared.name === SCHEMAS_DOCUMENT) continue
    const written = schemas[declared.name]
    if (typeof written === 'number' && written > declared.schema) newer.push([name, written, declared.schema])
  }
  return newer
}

/** The refusal for a document a newer MeVault wrote. */
export function newerSchema(name: string, schema: number): MeVaultError {
  return new MeVaultError('NEWER_SCHEMA', `The vault's ${name} document was written by a newer MeVault (schema ${schema}); update MeVault on this device`)
}
