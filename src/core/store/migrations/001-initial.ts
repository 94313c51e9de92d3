import type { Migration } from './migration.js'

/**
 * meta: the vault header (KDF parameters, wrapped key: no personal data) and sealed local state.
 * chunks: automerge-repo's storage, every value sealed under the vault key; kept in the order
 *   first saved, which is the order loadRange returns.
 */
export const initial: Migration = {
  version: 1,
  name: 'initial',
  up: (db) => {
    db.exec(`
      CREATE TABLE meta (key TEXT PRIMARY KEY, value BLOB NOT NULL) WITHOUT ROWID;
      CREATE TABLE chunks (id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, data BLOB NOT NULL);
    `)
  }
}
