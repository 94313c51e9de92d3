import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { openDatabase } from '../../src/core/store/database.js'
import { nodeSqliteBinding } from '../../test/helpers/sqlite-binding-copy.js'
import { tempDir } from '../../test/helpers/temp-dir.js'
import type { BuildCommand } from './build-commands.js'
import { buildEnv, prepareElectronSqlite } from './prepare.js'

const FOLDER = 'better-sqlite3-v12.11.1-electron-v150-linux-x64'

/** A package like node_modules/better-sqlite3, with Node's build in build/. */
function fakeInstall() {
  const root = tempDir('mevault-prepare')
  const packageDir = path.join(root, 'node_modules', 'better-sqlite3')
  mkdirSync(path.join(packageDir, 'build', 'Release'), { recursive: true })
  writeFileSync(path.join(packageDir, 'package.json'), '{"name":"better-sqlite3","version":"12.11.1"}')
  writeFileSync(path.join(packageDir, 'binding.gyp'), '{}')
  writeFileSync(path.join(packageDir, 'build', 'Release', 'better_sqlite3.node'), 'the build for Node')
  const cacheDir = path.join(root, 'node_modules', '.cache', 'mevault-electron')
  const seen = path.join(root, 'seen.json')
  return {
    packageDir,
    cacheDir,
    seen,
    destination: path.join(cacheDir, FOLDER, 'better_sqlite3.node'),
    logFile: path.join(cacheDir, 'prepare.log')
  }
}

/** A real process standing in for prebuild-install or node-gyp. */
const node = (label: string, script: string, ...args: string[]): BuildCommand => ({
  label,
  file: process.execPath,
  args: ['-e', script, ...args]
})

/** Notes where it ran, then leaves a real binding (Node's, loadable here) where both tools leave theirs. */
const succeeds = (seen: string): BuildCommand =>
  node(
    'build from source',
    `const fs = require('fs')
     fs.writeFileSync(process.argv[2], JSON.stringify({ cwd: process.cwd(), copiedNodeBuild: fs.existsSync('build'), gyp: fs.existsSync('binding.gyp') }))
     fs.mkdirSync('build/Release', { recursive: true })
     fs.copyFileSync(process.argv[1], 'build/Release/better_sqlite3.node')`,
    nodeSqliteBinding,
    seen
  )
const fails = (label: string): BuildCommand => node(label, "console.log('getaddrinfo ENOTFOUND github.com'); process.exit(1)")

describe('preparing better-sqlite3 for Electron', () => {
  it('builds in a copy of the package, leaves Node build alone, and installs a binding that loads', async () => {
    const install = fakeInstall()
    const result = await prepareElectronSqlite({ ...install, commands: [succeeds(install.seen)] })
    expect(result).toEqual({ status: 'prepared', by: 'build from source' })

    const seen = JSON.parse(readFileSync(install.seen, 'utf8')) as { cwd: string; copiedNodeBuild: boolean; gyp: boolean }
    expect(seen.cwd.startsWith(install.cacheDir)).toBe(true)
    expect(seen).toMatchObject({ copiedNodeBuild: false, gyp: true })
    expect(readFileSync(path.join(install.packageDir, 'build', 'Release', 'better_sqlite3.node'), 'utf8')).toBe('the build for Node')

    const db = openDatabase(path.join(tempDir(), 'vault.db'), { create: true, nativeBinding: install.destination })
    db.close()
    // The work copy is gone: only the build and the log remain.
    expect(readdirSync(install.cacheDir).sort()).toEqual([FOLDER, 'prepare.log'])
  })

  it('builds from source when no prebuilt binary can be downloaded', async () => {
    const install = fakeInstall()
    const result = await prepareElectronSqlite({ ...install, commands: [fails('download the prebuilt binary'), succeeds(install.seen)] })
    expect(result).toEqual({ status: 'prepared', by: 'build from source' })
    expect(existsSync(install.destination)).toBe(true)
  })

  it('fails when neither works, with every tool output in the log and no binding or copy left', async () => {
    const install = fakeInstall()
    const result = await prepareElectronSqlite({
      ...install,
      commands: [fails('download the prebuilt binary'), fails('build from source')]
    })
    expect(result).toEqual({ status: 'failed' })
    expect(existsSync(install.destination)).toBe(false)
    expect(readdirSync(install.cacheDir)).toEqual(['prepare.log'])
    expect(readFileSync(install.logFile, 'utf8').match(/^getaddrinfo ENOTFOUND github\.com$/gm)).toHaveLength(2)
  })

  it('runs nothing when the binding is there, and prepares it again when forced', async () => {
    const install = fakeInstall()
    mkdirSync(path.dirname(install.destination), { recursive: true })
    writeFileSync(install.destination, 'prepared before')
    expect(await prepareElectronSqlite({ ...install, commands: [fails('build from source')] })).toEqual({ status: 'present' })
    expect(existsSync(install.seen)).toBe(false)

    expect(await prepareElectronSqlite({ ...install, commands: [succeeds(install.seen)], force: true })).toEqual({
      status: 'prepared',
      by: 'build from source'
    })
    expect(readFileSync(install.destination).equals(readFileSync(nodeSqliteBinding))).toBe(true)
  })

  it('drops builds for an older Electron or better-sqlite3 once the new one is in place', async () => {
    const install = fakeInstall()
    const stale = path.join(install.cacheDir, 'better-sqlite3-v12.10.0-electron-v149-linux-x64')
    mkdirSync(stale, { recursive: true })
    writeFileSync(path.join(stale, 'better_sqlite3.node'), 'old')

    await prepareElectronSqlite({ ...install, commands: [fails('build from source')] })
    expect(existsSync(stale)).toBe(true)
    await prepareElectronSqlite({ ...install, commands: [succeeds(install.seen)] })
    expect(existsSync(stale)).toBe(false)
  })

  it('keeps an npm nodedir setting from pointing node-gyp at Node headers', () => {
    expect(buildEnv({ PATH: '/bin', npm_config_nodedir: '/usr', NPM_CONFIG_NODEDIR: '/usr' })).toEqual({ PATH: '/bin' })
  })
})
