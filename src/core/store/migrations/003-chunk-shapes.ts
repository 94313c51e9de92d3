import type { Migration } from './migration.js'

/**
 * chunk_shapes: each chunk's key, nonce and size, the fingerprint the read model checks its views
 * against (store/document-views.ts). Without it, reading the nonce (the first 24 bytes) made SQLite
 * read every chunk whole: at every unlock, and for every named view read.
 */
export const chunkShapes: Migration = {
  version: 3,
  name: 'chunk shapes',
  up: (db) => {
    db.exec('CREATE INDEX chunk_shapes ON chunks (key, substr(data, 1, 24), length(data));')
  }
}
