import { describe, expect, it } from 'vitest'
import { appSqliteBinding } from './app-sqlite-binding.js'
import { electronSqliteDir, electronSqliteFolder, missingSqliteBindingMessage, sqliteBindingFor } from './sqlite-binding-path.js'

const install = { betterSqlite3Version: '12.11.1', dir: '/repo/node_modules/.cache/mevault-electron' }

describe('which SQLite binding each runtime loads', () => {
  it('gives Node none: better-sqlite3 loads the build `npm ci` made for Node', () => {
    expect(sqliteBindingFor({ versions: { modules: '115' }, platform: 'linux', arch: 'x64' }, install)).toBeUndefined()
  })

  it('gives Electron 45 the build for its ABI (150), platform and arch', () => {
    const electron = { versions: { electron: '45.4.1', modules: '150' }, platform: 'linux', arch: 'x64' }
    expect(sqliteBindingFor(electron, install)).toBe(
      '/repo/node_modules/.cache/mevault-electron/better-sqlite3-v12.11.1-electron-v150-linux-x64/better_sqlite3.node'
    )
  })

  it('looks elsewhere when Electron or better-sqlite3 changes, never loading a stale build', () => {
    const newerElectron = { versions: { electron: '46.0.0', modules: '154' }, platform: 'darwin', arch: 'arm64' }
    expect(sqliteBindingFor(newerElectron, install)).toContain('better-sqlite3-v12.11.1-electron-v154-darwin-arm64')
    const electron = { versions: { electron: '45.4.1', modules: '150' }, platform: 'win32', arch: 'x64' }
    expect(sqliteBindingFor(electron, { ...install, betterSqlite3Version: '12.12.0' })).toContain(
      'better-sqlite3-v12.12.0-electron-v150-win32-x64'
    )
  })

  it('names the folder as better-sqlite3 names its prebuilt archives', () => {
    const name = electronSqliteFolder({ betterSqlite3Version: '12.11.1', abi: '150', platform: 'linux', arch: 'x64' })
    expect(`${name}.tar.gz`).toBe('better-sqlite3-v12.11.1-electron-v150-linux-x64.tar.gz')
  })

  it('finds the builds in the checkout, or in a packaged app beside app.asar', () => {
    const paths = { appPath: '/repo', resourcesPath: '/opt/MeVault/resources' }
    expect(electronSqliteDir({ isPackaged: false, ...paths })).toBe('/repo/node_modules/.cache/mevault-electron')
    expect(electronSqliteDir({ isPackaged: true, ...paths })).toBe('/opt/MeVault/resources/electron-sqlite')
  })

  it('leaves this Node process (the tests, the CLI) on better-sqlite3 own build', () => {
    expect(process.versions.electron).toBeUndefined()
    expect(appSqliteBinding({ isPackaged: false, getAppPath: () => process.cwd() })).toBeUndefined()
  })

  it('tells a checkout which command prepares a missing build, and a packaged app to reinstall', () => {
    expect(missingSqliteBindingMessage(false)).toContain('`npm run prepare:electron-sqlite`')
    expect(missingSqliteBindingMessage(true)).toMatch(/Install MeVault again/)
  })
})
