/**
 * Memory of a real `mevault serve` process (RSS from /proc) on a 10,000-field vault: before the first
 * unlock, and locked again after 20 unlock / use / lock cycles through its HTTP API, as the page makes
 * them. The vault runs in an engine worker that each lock ends, so locking should give the memory
 * back: target at most +60 MB over the first figure.
 *
 * Run alone with `npx tsx bench/serve-memory.ts`, or through `npm run bench`.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { parseSecretKey } from '../src/core/crypto/secret-key.js'
import { writeKeyFile } from '../src/core/vault/key-file.js'
import { Vault } from '../src/core/vault/vault.js'
import { formatTable, median, type Figure } from './stats.js'

/** Between a lock and the next unlock: about the time a person takes to type a passphrase. */
const TYPING_PAUSE_MS = 1500
const typingPause = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, TYPING_PAUSE_MS))
const PROJECT = fileURLToPath(new URL('..', import.meta.url))
const BIN = join(PROJECT, 'bin', 'mevault.js')
const PASSPHRASE = 'correct horse battery staple'
const RECORDS = 100
const FIELDS_PER_RECORD = 100 // 10k fields
const CYCLES = 20
const TARGET_MB = 60

/** A 10k-field vault, each record written whole (as an import), and its key file. */
async function buildVault(root: string): Promise<{ vaultDir: string; keyFile: string }> {
  const vaultDir = join(root, 'vault')
  const keyFile = join(root, 'keys', 'secret-key.json')
  const created = await Vault.create({ dir: vaultDir, passphrase: PASSPHRASE, deviceName: 'bench' })
  writeKeyFile(keyFile, created.recoveryKit.vaultId, parseSecretKey(created.recoveryKit.secretKey))
  for (let r = 0; r < RECORDS; r++) {
    await created.vault.setFields(
      Array.from({ length: FIELDS_PER_RECORD }, (_, f) => ({
        path: `record${String(r).padStart(3, '0')}.field${String(f).padStart(3, '0')}`,
        value: `Entry ${r * FIELDS_PER_RECORD + f}: Rue des Lilas ${f % 97}, 75020 Paris`,
        tier: f % 3 === 0 ? ('public' as const) : ('private' as const)
      }))
    )
  }
  await created.vault.close()
  return { vaultDir, keyFile }
}

/** Resident memory of a process, in MB (VmRSS in /proc/PID/status). */
function rssMb(pid: number): number {
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
  if (!match) throw new Error(`no VmRSS for process ${pid}`)
  return Number(match[1]) / 1024
}

/** Starts `mevault serve` (no idle lock) and signs in as the browser would: the app's address and its cookie. */
async function startServe(env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; appUrl: string; cookie: string; origin: string }> {
  const child = spawn(process.execPath, [BIN, 'serve', '--lock-after', '0'], { env, stdio: ['ignore', 'pipe', 'pipe'] })
  let err = ''
  child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()))
  const url = await new Promise<string>((resolve, reject) => {
    let out = ''
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      const match = /MeVault is at (\S+)/.exec(out)
      if (match) resolve(match[1]!)
    })
    child.once('exit', (code) => reject(new Error(`mevault serve exited (${code}): ${err.slice(0, 300)}`)))
  })
  const entry = await fetch(url, { redirect: 'manual' })
  const cookie = entry.headers.getSetCookie()[0]!.split(';')[0]!
  const appUrl = new URL(url)
  appUrl.search = ''
  return { child, appUrl: appUrl.href, cookie, origin: appUrl.origin }
}

export async function benchServeMemory(): Promise<Figure[]> {
  if (!existsSync('/proc/self/status')) return [{ name: 'serve memory: skipped (no /proc here)', value: Number.NaN, unit: '' }]
  if (!existsSync(join(PROJECT, 'out', 'renderer', 'index.html'))) {
    return [{ name: 'serve memory: skipped (run `npm run build` first: serve needs the UI)', value: Number.NaN, unit: '' }]
  }
  const root = mkdtempSync(join(tmpdir(), 'mevault-bench-serve-'))
  let child: ChildProcess | undefined
  try {
    const { vaultDir, keyFile } = await buildVault(root)
    const env = { ...process.env, MEVAULT_HOME: vaultDir, MEVAULT_KEY_FILE: keyFile }
    const serve = await startServe(env)
    child = serve.child
    const call = async (method: string, input?: unknown): Promise<unknown> => {
      const response = await fetch(`${serve.appUrl}api/${method}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Origin: serve.origin, Cookie: serve.cookie },
        body: input === undefined ? '' : JSON.stringify(input)
      })
      const reply = (await response.json()) as { ok: boolean; value?: unknown; error?: { message: string } }
      if (!reply.ok) throw new Error(`${method}: ${reply.error?.message}`)
      return reply.value
    }
    await call('vault.state') // the page's first call: the server has answered once
    await typingPause() // the spare engine serve starts has loaded by then
    const before = rssMb(child.pid!)
    let unlockedPeak = 0
    const unlockToRows: number[] = []
    for (let i = 0; i < CYCLES; i++) {
      const started = performance.now()
      await call('vault.unlock', { passphrase: PASSPHRASE })
      // What the Vault screen asks: the first window of the list, then a search.
      await call('fields.page', { offset: 0, limit: 100 })
      unlockToRows.push(performance.now() - started)
      await call('fields.search', { text: `Entry ${i * 97}` })
      unlockedPeak = Math.max(unlockedPeak, rssMb(child.pid!))
      await call('vault.lock')
      await typingPause()
    }
    const after = rssMb(child.pid!)
    return [
      {
        name: `serve memory: locked after ${CYCLES} unlock/lock cycles at 10k fields, over before the first unlock`,
        value: after - before,
        unit: 'MB',
        target: TARGET_MB,
        note: `RSS ${before.toFixed(0)} MB before, ${after.toFixed(0)} MB after; up to ${unlockedPeak.toFixed(0)} MB while unlocked`
      },
      {
        // What ending the engine on lock costs: each unlock is a fresh engine (the KDF included), the
        // spare serve started while the vault was locked.
        name: 'serve: unlock to first rows at 10k fields, a fresh engine each time (median)',
        value: median(unlockToRows),
        unit: 'ms',
        note: `the spare engine started at lock, ${TYPING_PAUSE_MS} ms before (a passphrase being typed); KDF included`
      }
    ]
  } finally {
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child!.once('exit', resolve))
      child.kill('SIGTERM')
      await exited
    }
    rmSync(root, { recursive: true, force: true })
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(formatTable(await benchServeMemory()))
}
