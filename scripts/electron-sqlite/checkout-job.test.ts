import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { electronSqliteJob } from './checkout-job.js'

const root = fileURLToPath(new URL('../..', import.meta.url))
const pinned = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { devDependencies: Record<string, string>; dependencies: Record<string, string> }

describe('preparing SQLite for Electron in this checkout', () => {
  const job = electronSqliteJob(root, '/home/ada', { platform: 'linux', arch: 'x64' })

  it('targets the Electron and better-sqlite3 that package.json pins, at Electron 45 ABI', () => {
    expect(job.electronVersion).toBe(pinned.devDependencies.electron)
    expect(job.destination).toBe(
      path.join(
        root,
        'node_modules/.cache/mevault-electron',
        `better-sqlite3-v${pinned.dependencies['better-sqlite3']}-electron-v150-linux-x64`,
        'better_sqlite3.node'
      )
    )
  })

  it('builds in a copy of node_modules/better-sqlite3, whose own build stays Node one', () => {
    expect(job.packageDir).toBe(path.join(root, 'node_modules', 'better-sqlite3'))
    expect(path.relative(job.packageDir, job.destination).startsWith('..')).toBe(true)
  })

  it('runs exactly these command lines, with the tools installed in node_modules', () => {
    expect(job.commands.map((command) => [command.file, ...command.args].join(' '))).toEqual([
      `${process.execPath} ${path.join(root, 'node_modules/prebuild-install/bin.js')} --runtime=electron --target=45.4.1 --platform=linux --arch=x64 --verbose`,
      `${process.execPath} ${path.join(root, 'node_modules/node-gyp/bin/node-gyp.js')} rebuild --release --target=45.4.1 --arch=x64 ` +
        '--dist-url=https://www.electronjs.org/headers --devdir=/home/ada/.electron-gyp'
    ])
  })
})
