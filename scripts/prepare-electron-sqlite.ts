/**
 * `npm run prepare:electron-sqlite`, run by `npm start`, `npm run dev` and `npm run dist`: makes sure
 * better-sqlite3 built for this Electron is in node_modules/.cache/mevault-electron, downloading or
 * building it when missing. node_modules/better-sqlite3 keeps Node's build, for the CLI and the tests.
 *   --force    prepare it again (`npm run rebuild:electron`)
 *   --dry-run  print where it goes and the commands it would run, and stop
 */
import { existsSync } from 'node:fs'
import { homedir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { electronSqliteJob } from './electron-sqlite/checkout-job.js'
import { prepareElectronSqlite } from './electron-sqlite/prepare.js'

const root = fileURLToPath(new URL('..', import.meta.url))
const shown = (file: string): string => path.relative(process.cwd(), file)

async function main(args: string[]): Promise<number> {
  const unknown = args.filter((arg) => arg !== '--force' && arg !== '--dry-run')
  if (unknown.length > 0) {
    console.error(`Unknown option ${JSON.stringify(unknown[0])}: use --force or --dry-run`)
    return 2
  }
  const job = electronSqliteJob(root, homedir())
  const what = `SQLite for Electron ${job.electronVersion}`
  if (args.includes('--dry-run')) {
    console.log(`${what} goes to ${shown(job.destination)}; in a copy of ${shown(job.packageDir)}, tried in order:`)
    for (const command of job.commands) console.log(`  ${command.label}: ${[command.file, ...command.args].join(' ')}`)
    return 0
  }
  const force = args.includes('--force')
  if (force || !existsSync(job.destination)) console.error(`Preparing ${what} (once per Electron and better-sqlite3 version)…`)
  const result = await prepareElectronSqlite({ ...job, force })
  if (result.status === 'prepared') console.error(`${what} is ready (${result.by}): ${shown(job.destination)}`)
  if (result.status !== 'failed') return 0
  console.error(
    `Could not prepare ${what}: no prebuilt binary could be downloaded (github.com) and building one failed ` +
      `(it needs Electron's headers from www.electronjs.org, Python and a C++ compiler); details in ${shown(job.logFile)}. ` +
      'Fix that, then run `npm start` again (the CLI and the tests do not need this step).'
  )
  return 1
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    // Electron or better-sqlite3 not installed, or the cache folder not writable: one line, no stack.
    const message = error instanceof Error ? error.message : String(error)
    console.error(`Could not prepare SQLite for Electron: ${message.split('\n')[0]}`)
    process.exit(1)
  }
)
