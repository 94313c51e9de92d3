import { type ChildProcess, spawn } from 'node:child_process'
import { join } from 'node:path'
import { PASSPHRASE } from '../helpers/vault-fixture.js'

const WRITER = join(import.meta.dirname, 'crash-writer.ts')

// A test that times out never kills its writer, which would write on for good: the test process takes it along.
const running = new Set<ChildProcess>()
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL')
})

export interface WriterOptions {
  dir: string
  secretKey: Uint8Array
  /** The number of the first edit (edit N writes crash<N%4>.n<N> = "value N"). */
  start: number
  mode?: 'write' | 'rotate'
  /** Stop after this many edits and wait, vault open, to be killed. */
  count?: number
}

/**
 * Runs crash-writer.ts in its own process, kills it with SIGKILL once its output satisfies
 * `killWhen` (and `delayMs` more, to vary where inside a write the kill lands), and returns the
 * edits it reported as done. Only complete lines count: a half-printed line was not reported.
 */
export function writeUntilKilled(options: WriterOptions, killWhen: (stdout: string) => boolean, delayMs = 0): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const { dir, secretKey, start, mode = 'write', count } = options
    const args = [WRITER, dir, PASSPHRASE, Buffer.from(secretKey).toString('hex'), String(start), mode]
    if (count !== undefined) args.push(String(count))
    const child = spawn(process.execPath, ['--import', 'tsx', ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
    running.add(child)
    let out = ''
    let err = ''
    let killing = false
    child.stderr.on('data', (d) => (err += d))
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString()
      if (killing || !killWhen(out)) return
      killing = true
      setTimeout(() => child.kill('SIGKILL'), delayMs)
    })
    child.on('exit', (_code, signal) => {
      running.delete(child)
      if (signal !== 'SIGKILL') return reject(new Error(`writer ended without being killed: ${err}`))
      resolve([...out.matchAll(/^ok (\d+)\n/gm)].map((m) => Number(m[1])))
    })
  })
}

/** How many edits the writer has reported as done so far. */
export const editsReported = (stdout: string): number => stdout.match(/^ok \d+\n/gm)?.length ?? 0
