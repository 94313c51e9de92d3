import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { CHECKOUT_SQLITE_DIR, electronSqliteFolder, SQLITE_BINDING_FILE } from '../../src/main/sqlite-binding/sqlite-binding-path.js'
import { buildCommands, type BuildCommand } from './build-commands.js'

/** What preparing SQLite for Electron means in this checkout, read from the installed packages. */
export interface ElectronSqliteJob {
  electronVersion: string
  packageDir: string
  destination: string
  logFile: string
  commands: BuildCommand[]
}

export function electronSqliteJob(root: string, homeDir: string, runtime = { platform: process.platform, arch: process.arch }): ElectronSqliteJob {
  const require = createRequire(path.join(root, 'package.json'))
  const electronPackage = require.resolve('electron/package.json')
  const electronVersion = (require(electronPackage) as { version: string }).version
  // The NODE_MODULE_VERSION this Electron reports in process.versions.modules, from its own package.
  const abi = readFileSync(path.join(path.dirname(electronPackage), 'abi_version'), 'utf8').trim()
  const sqlitePackage = require.resolve('better-sqlite3/package.json')
  const betterSqlite3Version = (require(sqlitePackage) as { version: string }).version
  const cacheDir = path.join(root, CHECKOUT_SQLITE_DIR)
  const folder = electronSqliteFolder({ betterSqlite3Version, abi, ...runtime })
  const tools = {
    node: process.execPath,
    prebuildInstall: require.resolve('prebuild-install/bin.js'),
    nodeGyp: require.resolve('node-gyp/bin/node-gyp.js')
  }
  return {
    electronVersion,
    packageDir: path.dirname(sqlitePackage),
    destination: path.join(cacheDir, folder, SQLITE_BINDING_FILE),
    logFile: path.join(cacheDir, 'prepare.log'),
    commands: buildCommands(tools, { electronVersion, ...runtime }, homeDir)
  }
}
