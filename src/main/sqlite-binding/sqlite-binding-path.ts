import path from 'node:path'

/**
 * Which compiled better-sqlite3 each runtime loads. Node (the CLI, `mevault serve`, the tests) loads
 * the one `npm ci` built into node_modules. Electron has another ABI (NODE_MODULE_VERSION), so it
 * loads a copy built for it: prepared by `npm run prepare:electron-sqlite` (which `npm start` runs),
 * and packed by electron-builder (electron-builder.yml, extraResources). The folder's name holds all
 * that binary must match, so a newer Electron or better-sqlite3 looks for a new folder instead of
 * loading a stale binary.
 */

export const SQLITE_BINDING_FILE = 'better_sqlite3.node'

/** In a checkout, relative to its root: beside the better-sqlite3 it matches, and gone with it. */
export const CHECKOUT_SQLITE_DIR = path.join('node_modules', '.cache', 'mevault-electron')

/** In a packaged app, relative to process.resourcesPath. */
export const PACKAGED_SQLITE_DIR = 'electron-sqlite'

export interface ElectronSqliteTarget {
  betterSqlite3Version: string
  /** Electron's NODE_MODULE_VERSION (process.versions.modules inside Electron). */
  abi: string
  platform: string
  arch: string
}

/** Named like better-sqlite3's own prebuilt archives: better-sqlite3-v12.11.1-electron-v150-linux-x64. */
export function electronSqliteFolder(target: ElectronSqliteTarget): string {
  return `better-sqlite3-v${target.betterSqlite3Version}-electron-v${target.abi}-${target.platform}-${target.arch}`
}

export interface SqliteRuntime {
  versions: { electron?: string; modules: string }
  platform: string
  arch: string
}

/**
 * The binding to pass as better-sqlite3's `nativeBinding`: none under Node (its own build is
 * right), the Electron build for this Electron's ABI, platform and arch under Electron.
 */
export function sqliteBindingFor(
  runtime: SqliteRuntime,
  install: { betterSqlite3Version: string; dir: string }
): string | undefined {
  if (!runtime.versions.electron) return undefined
  const folder = electronSqliteFolder({
    betterSqlite3Version: install.betterSqlite3Version,
    abi: runtime.versions.modules,
    platform: runtime.platform,
    arch: runtime.arch
  })
  return path.join(install.dir, folder, SQLITE_BINDING_FILE)
}

/** Where the Electron builds are: in the packaged app's resources, or in the checkout's node_modules. */
export function electronSqliteDir(app: { isPackaged: boolean; appPath: string; resourcesPath: string }): string {
  return app.isPackaged ? path.join(app.resourcesPath, PACKAGED_SQLITE_DIR) : path.join(app.appPath, CHECKOUT_SQLITE_DIR)
}

/** What to do when the binding is missing: a checkout prepares it, a packaged app was packed without it. */
export function missingSqliteBindingMessage(isPackaged: boolean): string {
  return isPackaged
    ? 'This copy of MeVault is incomplete: its SQLite library for Electron is missing. Install MeVault again.'
    : 'SQLite is not prepared for Electron yet: run `npm start` (it prepares it) or `npm run prepare:electron-sqlite`.'
}
