import Database from 'better-sqlite3'
import { readFileSync } from 'node:fs'
import { integrity, MeVaultError } from '../../shared/errors.js'
import { createPrivateFile, makePrivate, PRIVATE_FILE_MODE } from './file-modes.js'
import { migrate } from './migrate.js'
import { MIGRATIONS } from './migrations/index.js'

export type Db = Database.Database

/**
 * Opens (or creates) a vault's SQLite file: WAL, and FULL sync so a returned write survives a
 * crash or power loss. A file that SQLite finds damaged is an INTEGRITY error, never misread.
 * The file and its -wal and -shm are the owner's only (0600). `nativeBinding` is the path of a
 * compiled better-sqlite3 (`.node`) to load instead of its own: Electron needs one built for its
 * ABI, and the process that opens the vault says which.
 *
 * Every commit is also checkpointed into vault.db before it returns (wal_autocheckpoint = 1:
 * SQLite runs a checkpoint, with an fsync of vault.db, inside each COMMIT). So what was
 * acknowledged never lives only in vault.db-wal, and a -wal deleted after a crash (by a sync or
 * cleaning tool) takes at most the change in flight, which was never acknowledged, instead of
 * silently dropping acknowledged edits. (A crash inside that very checkpoint leaves vault.db
 * needing its -wal to be whole; deleting it then is damage, for quick_check and the sealed chunks
 * and heads to report.) A checkpoint that fails, on a full disk, leaves the commit durable in the
 * -wal as before. It costs a second fsync per write: a `set` measured 3.2 ms against 2.1 ms
 * (medians at 1k fields, on a busy machine), within its 5 ms target. The alternative, a write
 * counter mirrored in a side file to detect the loss, costs less per write but turns a restored
 * backup of vault.db alone into a false alarm, and can only refuse the vault, not keep the edits.
 */
export function openDatabase(path: string, options: { create: boolean; readOnly?: boolean; nativeBinding?: string }): Db {
  if (options.readOnly) return openReadOnly(path, options.nativeBinding)
  if (options.create) createPrivateFile(path)
  // A vault made by an earlier MeVault (0644), or a -wal and -shm left by a crash.
  for (const suffix of ['', '-wal', '-shm']) makePrivate(`${path}${suffix}`, PRIVATE_FILE_MODE)
  return asIntegrity(() => {
    const db = new Database(path, { fileMustExist: true, nativeBinding: options.nativeBinding })
    try {
      db.pragma('journal_mode = WAL')
      db.pragma('synchronous = FULL')
      db.pragma('wal_autocheckpoint = 1')
      db.pragma('busy_timeout = 5000')
      checkAndMigrate(db)
      return db
    } catch (error) {
      db.close()
      throw error
    }
  })
}

/**
 * A vault on a read-only folder or medium: every write is refused by SQLite itself. A WAL database
 * opened read-only needs its -shm, or a folder to create it in. Left by a crash, -wal and -shm are
 * there and SQLite reads both. After a clean close neither is (closing folds the WAL back in), and
 * a read-only folder (or a full disk) cannot get a new one: then the file is read whole into
 * memory, a snapshot.
 * The snapshot leaves out a -wal without its -shm, which holds nothing acknowledged: each
 * acknowledged commit was checkpointed into vault.db first (see openDatabase).
 */
function openReadOnly(path: string, nativeBinding?: string): Db {
  return asIntegrity(() => {
    let db = new Database(path, { readonly: true, fileMustExist: true, nativeBinding })
    try {
      db.pragma('busy_timeout = 5000')
      db.pragma('user_version') // the first read opens the WAL: the point where it can fail
    } catch (error) {
      db.close()
      if (!SHM_UNAVAILABLE.has((error as { code?: string }).code ?? '')) throw error
      db = new Database(asRollbackMode(readFileSync(path)), { readonly: true, nativeBinding })
    }
    try {
      checkAndMigrate(db, { readOnly: true })
      return db
    } catch (error) {
      db.close()
      throw error
    }
  })
}

/**
 * No usable -shm and no way to make one: a read-only mount (CANTOPEN), a folder this user may not
 * write (READONLY_DIRECTORY), a -shm that cannot be set up or recovered (READONLY_CANTINIT,
 * READONLY_RECOVERY), a full disk (SHMSIZE).
 */
const SHM_UNAVAILABLE = new Set([
  'SQLITE_CANTOPEN',
  'SQLITE_READONLY_DIRECTORY',
  'SQLITE_READONLY_CANTINIT',
  'SQLITE_READONLY_RECOVERY',
  'SQLITE_IOERR_SHMSIZE'
])

/**
 * The header's read and write versions (bytes 18 and 19) say WAL (2), which an in-memory copy
 * cannot use: marked as a rollback-journal file (1), the copy reads the same pages.
 */
function asRollbackMode(file: Buffer): Buffer {
  if (file.length >= 20 && file[18] === 2 && file[19] === 2) {
    file[18] = 1
    file[19] = 1
  }
  return file
}

function checkAndMigrate(db: Db, options: { readOnly?: boolean } = {}): void {
  const check = db.pragma('quick_check', { simple: true })
  if (check !== 'ok') throw integrity('The vault file is damaged (SQLite quick_check failed)')
  const version = db.pragma('user_version', { simple: true }) as number
  if (options.readOnly && version < (MIGRATIONS.at(-1)?.version ?? 0)) {
    throw new MeVaultError('READ_ONLY', 'This vault must be upgraded to be opened by this MeVault, and it is read-only here: open it once where it can be written')
  }
  migrate(db)
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
