import type { Migration } from './migration.js'

/**
 * views: the sealed read model. One row per document: what the document says now (a record's
 * fields, the index's record names), sealed under the vault key with the document id as associated
 * data, and a fingerprint of the chunks it was read from (see store/document-views.ts).
 */
export const documentViews: Migration = {
  version: 2,
  name: 'document views',
  up: (db) => {
    db.exec('CREATE TABLE views (doc TEXT PRIMARY KEY, data BLOB NOT NULL) WITHOUT ROWID;')
  }
}
