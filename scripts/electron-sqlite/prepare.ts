import { spawn } from 'node:child_process'
import { closeSync, copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, renameSync, rmSync, writeSync } from 'node:fs'
import path from 'node:path'
import type { BuildCommand } from './build-commands.js'

export interface PrepareOptions {
  /** node_modules/better-sqlite3: copied, never built in place (its build is Node's). */
  packageDir: string
  /** Where the Electron build goes: <cache>/<folder named for its target>/better_sqlite3.node. */
  destination: string
  /** Tried in order in a fresh copy of the package until one leaves build/Release/<binding>. */
  commands: BuildCommand[]
  /** The commands' output (they are verbose; the terminal gets one line). */
  logFile: string
  /** Prepare again even when the destination exists (`npm run rebuild:electron`). */
  force?: boolean
}

export type PrepareResult = { status: 'present' } | { status: 'prepared'; by: string } | { status: 'failed' }

/**
 * Makes sure the Electron build of better-sqlite3 exists at `destination`. The build happens in a
 * copy of the package beside the destination and is moved into place whole, so an interrupted run
 * never leaves a half-written binding; other builds in the cache folder (older Electron or
 * better-sqlite3 versions) are then removed, so packaging finds one.
 */
export async function prepareElectronSqlite(options: PrepareOptions): Promise<PrepareResult> {
  if (!options.force && existsSync(options.destination)) return { status: 'present' }
  const folder = path.dirname(options.destination)
  const cacheDir = path.dirname(folder)
  mkdirSync(cacheDir, { recursive: true })
  const work = mkdtempSync(path.join(cacheDir, 'work-'))
  const log = openSync(options.logFile, 'w')
  try {
    const copy = path.join(work, path.basename(options.packageDir))
    const built = path.join(copy, 'build', 'Release', path.basename(options.destination))
    cpSync(options.packageDir, copy, { recursive: true, filter: (source) => source !== path.join(options.packageDir, 'build') })
    for (const command of options.commands) {
      writeSync(log, `\n$ ${[command.file, ...command.args].join(' ')}\n`)
      const exitCode = await run(command, copy, log)
      if (exitCode === 0 && existsSync(built)) {
        install(built, options.destination)
        removeOtherBuilds(cacheDir, path.basename(folder))
        return { status: 'prepared', by: command.label }
      }
      rmSync(path.join(copy, 'build'), { recursive: true, force: true })
    }
    return { status: 'failed' }
  } finally {
    closeSync(log)
    rmSync(work, { recursive: true, force: true })
  }
}

function run(command: BuildCommand, cwd: string, log: number): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command.file, command.args, { cwd, env: buildEnv(process.env), stdio: ['ignore', log, log] })
    child.on('error', (error) => {
      writeSync(log, `${error.message}\n`)
      resolve(-1)
    })
    child.on('exit', (code) => resolve(code ?? -1))
  })
}

/** The environment for the build: an npm `nodedir` setting would make node-gyp use Node's headers. */
export function buildEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { npm_config_nodedir: _nodedir, NPM_CONFIG_NODEDIR: _NODEDIR, ...rest } = env
  return rest
}

function install(built: string, destination: string): void {
  mkdirSync(path.dirname(destination), { recursive: true })
  const partial = `${destination}.partial-${process.pid}`
  copyFileSync(built, partial)
  renameSync(partial, destination)
}

function removeOtherBuilds(cacheDir: string, keep: string): void {
  for (const entry of readdirSync(cacheDir)) {
    if (entry !== keep && entry.startsWith('better-sqlite3-')) rmSync(path.join(cacheDir, entry), { recursive: true, force: true })
  }
}
