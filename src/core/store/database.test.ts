import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { copyOfNodeSqliteBinding, hasLoaded, nodeSqliteBinding } from '../../../test/helpers/sqlite-binding-copy.js'
import { tempDir } from '../../../test/helpers/temp-dir.js'
import { openDatabase } from './database.js'
import { VaultLock } from './vault-lock.js'

describe('the SQLite binding a vault file is opened with', () => {
  it('is the one given as nativeBinding (the Electron app gives its own build)', () => {
    const binding = copyOfNodeSqliteBinding()
    expect(hasLoaded(binding)).toBe(false)
    const db = openDatabase(join(tempDir(), 'vault.db'), { create: true, nativeBinding: binding })
    expect(hasLoaded(binding)).toBe(true)
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
    db.close()
  })

  it('is the one given for the vault lock too', () => {
    const binding = copyOfNodeSqliteBinding()
    const lock = VaultLock.acquire(tempDir(), 0, binding)
    expect(hasLoaded(binding)).toBe(true)
    lock.release()
  })

  it('fails at once when the given binding is missing, instead of falling back to another', () => {
    const missing = join(tempDir(), 'absent', 'better_sqlite3.node')
    expect(() => openDatabase(join(tempDir(), 'vault.db'), { create: true, nativeBinding: missing })).toThrow(/Cannot find module/)
    expect(() => VaultLock.acquire(tempDir(), 0, missing)).toThrow(/Cannot find module/)
  })

  it('is better-sqlite3 own build when none is given (the CLI and the tests under Node)', () => {
    const db = openDatabase(join(tempDir(), 'vault.db'), { create: true })
    expect(hasLoaded(nodeSqliteBinding)).toBe(true)
    db.close()
  })
})
