import { createRequire } from 'node:module'
import { electronSqliteDir, sqliteBindingFor } from './sqlite-binding-path.js'

/**
 * This process's SQLite binding for the vault (see sqlite-binding-path.ts): the Electron build when
 * running in Electron, none (better-sqlite3's own) under Node.
 */
export function appSqliteBinding(app: { isPackaged: boolean; getAppPath(): string }): string | undefined {
  // The version of the better-sqlite3 this process will run, read where Node resolves it from here.
  const { version } = createRequire(import.meta.url)('better-sqlite3/package.json') as { version: string }
  return sqliteBindingFor(process, {
    betterSqlite3Version: version,
    dir: electronSqliteDir({ isPackaged: app.isPackaged, appPath: app.getAppPath(), resourcesPath: process.resourcesPath })
  })
}
