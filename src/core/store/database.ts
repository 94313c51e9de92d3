import Database from 'better-sqlite3'
import { integrity } from '../../shared/errors.js'
import { migrate } from './migrate.js'

export type Db = Database.Database

/**
 * Opens (or creates) a vault's SQLite file: WAL, and FULL sync so a returned write survives a
 * crash or power loss. A file that SQLite finds damaged is an INTEGRITY error, never misread.
 * `nativeBinding` is the path of a compiled better-sqlite3 (`.node`) to load instead of its own:
 * Electron needs one built for its ABI, and the process that opens the vault says which.
 */
export function openDatabase(path: string, options: { create: boolean; nativeBinding?: string }): Db {
  return asIntegrity(() => {
    const db = new Database(path, { fileMustExist: !options.create, nativeBinding: options.nativeBinding })
    try {
      db.pragma('journal_mode = WAL')
      db.pragma('synchronous = FULL')
      db.pragma('busy_timeout = 5000')
      const check = db.pragma('quick_check', { simple: true })
      if (check !== 'ok') throw integrity('The vault file is damaged (SQLite quick_check failed)')
      migrate(db)
      return db
    } catch (error) {
      db.close()
      throw error
    }
  })
}

const CORRUPTION_CODES = new Set(['SQLITE_CORRUPT', 'SQLITE_NOTADB', 'SQLITE_CORRUPT_INDEX', 'SQLITE_CORRUPT_SEQUENCE'])

/** Runs a database operation, turning SQLite's corruption errors into a clear INTEGRITY error. */
export function asIntegrity<T>(operation: () => T): T {
  try {
    return operation()
  } catch (error) {
    const code = (error as { code?: string }).code
    if (code && CORRUPTION_CODES.has(code)) {
      throw integrity('The vault file is damaged (SQLite reports corruption)', error)
    }
    throw error
  }
}
