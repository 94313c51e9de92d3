import Database from 'better-sqlite3'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { MeVaultError } from '../../shared/errors.js'
import { createPrivateFile, makePrivate, PRIVATE_FILE_MODE } from './file-modes.js'

export const LOCK_FILE = 'vault.lock'

/**
 * One process at a time per vault. The lock is an exclusive SQLite lock on a side file: the
 * kernel drops it when the process dies (even on kill -9), so a crash never leaves a stale lock.
 * A second process waits up to `waitMs`, then fails with BUSY.
 */
export class VaultLock {
  private constructor(private readonly db: Database.Database | undefined) {}

  static acquire(dir: string, waitMs: number, nativeBinding?: string): VaultLock {
    const path = join(dir, LOCK_FILE)
    createPrivateFile(path)
    makePrivate(path, PRIVATE_FILE_MODE)
    return new VaultLock(
      holdLock(new Database(path, { timeout: waitMs, nativeBinding }), (db) =>
        db.exec('BEGIN EXCLUSIVE; CREATE TABLE IF NOT EXISTS holder (pid INTEGER); COMMIT;')
      )
    )
  }

  /**
   * For a vault that cannot be written (read-only folder or medium): a shared lock, so readers
   * never see a writer that reaches the same files another way (a read-write mount of the same
   * disk) halfway, and that writer waits for them. An exclusive lock needs a writable file, and a
   * lock file that was never made cannot be made now: then no lock at all. That is safe enough:
   * this process writes nothing, and SQLite's own locks on vault.db (or the snapshot taken at open,
   * see openDatabase) keep what it reads consistent; at worst it reads a state a moment old.
   */
  static acquireShared(dir: string, waitMs: number, nativeBinding?: string): VaultLock {
    const path = join(dir, LOCK_FILE)
    if (!existsSync(path)) return new VaultLock(undefined)
    try {
      // In EXCLUSIVE locking mode SQLite keeps the shared lock of its first read until closed.
      return new VaultLock(holdLock(new Database(path, { readonly: true, timeout: waitMs, nativeBinding }), (db) => db.prepare('SELECT count(*) FROM sqlite_master').get()))
    } catch (error) {
      if (error instanceof MeVaultError) throw error
      return new VaultLock(undefined)
    }
  }

  release(): void {
    if (this.db?.open) this.db.close()
  }
}

function holdLock(db: Database.Database, take: (db: Database.Database) => unknown): Database.Database {
  try {
    db.pragma('locking_mode = EXCLUSIVE')
    take(db)
    return db
  } catch (cause) {
    db.close()
    if (isBusy(cause)) {
      throw new MeVaultError(
        'BUSY',
        'The vault is open in another MeVault process (an app window, `mevault serve` or a sync); close it and try again',
        { cause }
      )
    }
    throw cause
  }
}

function isBusy(error: unknown): boolean {
  const code = (error as { code?: string }).code
  return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED'
}
