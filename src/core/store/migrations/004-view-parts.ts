import type { Migration } from './migration.js'

/**
 * view_parts: slices of a named document's view that one read needs alone (the ledger's holders of
 * one field in one month), so that read opens a few KiB instead of the whole view. Sealed like views,
 * with the same chunk fingerprint; `part` is a keyed hash of the slice's name, never the name itself
 * (a field path is the person's data). See store/view-parts.ts.
 */
export const viewParts: Migration = {
  version: 4,
  name: 'view parts',
  up: (db) => {
    db.exec('CREATE TABLE view_parts (doc TEXT NOT NULL, part TEXT NOT NULL, data BLOB NOT NULL, PRIMARY KEY (doc, part)) WITHOUT ROWID;')
  }
}
