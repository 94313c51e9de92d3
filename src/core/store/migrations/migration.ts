import type Database from 'better-sqlite3'

/** One step of the vault file's schema: its number, a name for errors, and the change it makes. */
export interface Migration {
  version: number
  name: string
  up: (db: Database.Database) => void
}
