/**
 * "Another machine" for the pairing specs: the real `mevault` CLI with its own vault folder and
 * key file in a fresh temp folder, as `mevault pair accept` would run on a second computer.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

const BIN = path.resolve('bin/mevault.js')

export interface CliRun {
  code: number
  stdout: string
  stderr: string
}

export function secondMachine(passphrase: string) {
  const root = mkdtempSync(path.join(tmpdir(), 'mevault-e2e-second-'))
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    MEVAULT_HOME: path.join(root, 'vault'),
    MEVAULT_KEY_FILE: path.join(root, 'keys', 'secret-key.json'),
    MEVAULT_PASSPHRASE: passphrase
  }
  const run = (args: string[]): Promise<CliRun> =>
    new Promise((resolve) => {
      const child = spawn(process.execPath, [BIN, ...args], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] })
      let stdout = ''
      let stderr = ''
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
      child.once('close', (code) => resolve({ code: code ?? -1, stdout, stderr }))
    })
  /** A long-running command (`sync serve`): waits for a line of its output, stops with Ctrl+C. */
  const start = (args: string[]) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const exited = new Promise<number>((resolve) => child.once('close', (code) => resolve(code ?? -1)))
    return {
      async waitFor(pattern: RegExp, timeoutMs = 30_000): Promise<RegExpExecArray> {
        const started = Date.now()
        for (;;) {
          const match = pattern.exec(stdout)
          if (match) return match
          if (child.exitCode !== null || Date.now() - started > timeoutMs) {
            throw new Error(`no ${pattern} from mevault ${args.join(' ')}; stdout: ${stdout}; stderr: ${stderr}`)
          }
          await new Promise((resolve) => setTimeout(resolve, 50))
        }
      },
      stop: (): Promise<number> => {
        if (child.exitCode === null) child.kill('SIGINT')
        return exited
      }
    }
  }
  return { run, start, remove: () => rmSync(root, { recursive: true, force: true }) }
}
