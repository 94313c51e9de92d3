import type Database from 'better-sqlite3'
import { initial } from './001-initial.js'
import { documentViews } from './002-document-views.js'

export interface Migration {
  version: number
  name: string
  up: (db: Database.Database) => void
}

/** In order; a migration is never edited once released, only followed by a new one. */
export const MIGRATIONS: readonly Migration[] = [initial, documentViews]
