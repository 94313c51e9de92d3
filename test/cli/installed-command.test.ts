/**
 * How `mevault` is started: from the build that `npm ci` compiles (dist/cli), as a command on PATH
 * without npx, and from the sources whenever that build is older than them.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process'
import { cpSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import { BIN } from '../helpers/cli-process.js'
import { tempDir } from '../helpers/temp-dir.js'
import { heavyLoaded } from './loaded-packages.js'

const PROJECT = join(import.meta.dirname, '..', '..')
const MODULE_LOG_HOOK = pathToFileURL(join(import.meta.dirname, '..', 'helpers', 'log-module-loads.mjs')).href
/** What `mevault --help` must not wait for: the vault engine's dependencies, and tsx compiling TypeScript. */
const HEAVY = ['better-sqlite3', 'libsodium-wrappers-sumo', '@automerge/', 'zod', 'tsx']

/** process.env without npm's own variables: a test that runs npm must not inherit this run's npm settings. */
function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.toLowerCase().startsWith('npm_')))
}

/** Runs a command with every module URL it loads logged; returns its result and those URLs. */
function runLogged(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv; input?: string }) {
  const log = join(tempDir('mevault-modules'), 'loaded.txt')
  writeFileSync(log, '')
  const result = spawnSync(command, args, {
    cwd: options.cwd,
    input: options.input,
    encoding: 'utf8',
    env: { ...options.env, NODE_OPTIONS: `--import=${MODULE_LOG_HOOK}`, MEVAULT_TEST_MODULE_LOG: log }
  })
  return { result, loaded: readFileSync(log, 'utf8').split('\n').filter(Boolean) }
}

function expectOk(result: SpawnSyncReturns<string>): void {
  expect(result.error).toBeUndefined()
  expect(result.stderr).toBe('')
  expect(result.status).toBe(0)
}

/** A checkout of the project in a temp folder (sources, scripts, no build yet), sharing this one's node_modules. */
function freshCheckout(): string {
  const dir = tempDir('mevault-checkout')
  for (const item of ['src', 'bin', 'scripts', 'package.json', 'package-lock.json', 'tsconfig.json']) {
    cpSync(join(PROJECT, item), join(dir, item), { recursive: true })
  }
  symlinkSync(join(PROJECT, 'node_modules'), join(dir, 'node_modules'))
  return dir
}

function npm(args: string[], cwd: string): void {
  const result = spawnSync('npm', [...args, '--no-audit', '--no-fund'], { cwd, env: cleanEnv(), encoding: 'utf8' })
  if (result.status !== 0) throw new Error(`npm ${args.join(' ')} failed (${result.status}): ${result.stderr}`)
}

describe('the mevault command', () => {
  it('starts `--help` from the compiled build, loading neither tsx nor SQLite, libsodium, Automerge or zod', () => {
    const { result, loaded } = runLogged(process.execPath, [BIN, '--help'], { cwd: PROJECT, env: cleanEnv() })
    expectOk(result)
    expect(result.stdout).toContain('Usage: mevault')
    expect(loaded).toContain(pathToFileURL(join(PROJECT, 'dist', 'cli', 'main.js')).href)
    expect(heavyLoaded(loaded, HEAVY)).toEqual([])
  })

  it('runs from PATH without npx once installed with `npm install --global .`, on the build `npm ci` makes', { timeout: 180_000 }, () => {
    const checkout = freshCheckout()
    npm(['run', 'prepare'], checkout) // what `npm ci` runs once the packages are in place
    const prefix = tempDir('mevault-prefix')
    npm(['install', '--global', '--prefix', prefix, '.'], checkout)

    const home = tempDir('mevault-home')
    const env: NodeJS.ProcessEnv = {
      ...cleanEnv(),
      PATH: `${join(prefix, 'bin')}:${process.env.PATH}`,
      MEVAULT_HOME: join(home, 'vault'),
      MEVAULT_KEY_FILE: join(home, 'secret-key.json'),
      MEVAULT_PASSPHRASE: 'correct horse battery staple'
    }
    const mevault = (args: string[], input?: string) => runLogged('mevault', args, { cwd: home, env, input })

    const init = mevault(['init', '--json', '--kit', join(home, 'kit.txt')])
    expect(init.result.status).toBe(0)
    expect(JSON.parse(init.result.stdout).vaultDir).toBe(join(home, 'vault'))
    // The value comes on stdin, never on the command line.
    expect(mevault(['set', 'contact.email', '--type', 'email'], 'Ada@Example.org\n').result.status).toBe(0)
    const get = mevault(['get', 'contact.email'])
    expectOk(get.result)
    expect(get.result.stdout).toBe('ada@example.org\n')
    expect(get.loaded).toContain(pathToFileURL(join(checkout, 'dist', 'cli', 'main.js')).href)
    expect(get.loaded.filter((url) => url.includes('/node_modules/tsx/'))).toEqual([])
  })

  it('never runs a build older than the sources: an edit shows at once, and again after `npm run build:cli`', { timeout: 180_000 }, () => {
    const checkout = freshCheckout()
    npm(['run', 'build:cli'], checkout)
    const bin = join(checkout, 'bin', 'mevault.js')
    const help = () => runLogged(process.execPath, [bin, '--help'], { cwd: checkout, env: cleanEnv() })
    const compiledEntry = pathToFileURL(join(checkout, 'dist', 'cli', 'main.js')).href
    const sourceEntry = pathToFileURL(join(checkout, 'src', 'cli', 'main.ts')).href

    const main = join(checkout, 'src', 'cli', 'main.ts')
    const description = 'MeVault: your personal data, encrypted on your own machines.'
    expect(readFileSync(main, 'utf8')).toContain(description)
    writeFileSync(main, readFileSync(main, 'utf8').replace(description, 'MeVault, edited since the last build.'))

    const edited = help()
    expectOk(edited.result)
    expect(edited.result.stdout).toContain('MeVault, edited since the last build.')
    expect(edited.loaded).toContain(sourceEntry)
    expect(edited.loaded).not.toContain(compiledEntry)

    npm(['run', 'build:cli'], checkout)
    const rebuilt = help()
    expectOk(rebuilt.result)
    expect(rebuilt.result.stdout).toContain('MeVault, edited since the last build.')
    expect(rebuilt.loaded).toContain(compiledEntry)
    expect(rebuilt.loaded).not.toContain(sourceEntry)
  })
})
