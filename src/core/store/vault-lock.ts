import Database from 'better-sqlite3'
import { join } from 'node:path'
import { MeVaultError } from '../../shared/errors.js'

/**
 * One process at a time per vault. The lock is an exclusive SQLite lock on a side file: the
 * kernel drops it when the process dies (even on kill -9), so a crash never leaves a stale lock.
 * A second process waits up to `waitMs`, then fails with BUSY.
 */
export class VaultLock {
  private constructor(private readonly db: Database.Database) {}

  static acquire(dir: string, waitMs: number, nativeBinding?: string): VaultLock {
    const db = new Database(join(dir, 'vault.lock'), { timeout: waitMs, nativeBinding })
    try {
      db.pragma('locking_mode = EXCLUSIVE')
      db.exec('BEGIN EXCLUSIVE; CREATE TABLE IF NOT EXISTS holder (pid INTEGER); COMMIT;')
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
    return new VaultLock(db)
  }

  release(): void {
    if (this.db.open) this.db.close()
  }
}

function isBusy(error: unknown): boolean {
  const code = (error as { code?: string }).code
  return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED'
}
