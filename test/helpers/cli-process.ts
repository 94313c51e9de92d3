import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { join } from 'node:path'

/** The `mevault` binary, as installed users run it. Kept free of test-runner imports: Playwright specs use this file too. */
export const BIN = join(import.meta.dirname, '..', '..', 'bin', 'mevault.js')

/** A long-running `mevault` command (sync serve, pair invite): read its output as it comes, stop it with Ctrl+C. */
export function startCli(args: string[], env: NodeJS.ProcessEnv, cwd: string) {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [BIN, ...args], { cwd, env })
  child.stdin.end() // nothing to type: a command that asks fails instead of waiting
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk) => (stdout += chunk))
  child.stderr.on('data', (chunk) => (stderr += chunk))
  const exited = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? -1)))
  return {
    get stdout() {
      return stdout
    },
    get stderr() {
      return stderr
    },
    exited,
    /** Waits until stdout matches, and returns the match. */
    async waitFor(pattern: RegExp, timeoutMs = 30_000): Promise<RegExpMatchArray> {
      const started = Date.now()
      for (;;) {
        const match = pattern.exec(stdout)
        if (match) return match
        if (child.exitCode !== null || Date.now() - started > timeoutMs) {
          throw new Error(`no ${pattern} from mevault ${args.join(' ')}; stdout: ${stdout}; stderr: ${stderr}`)
        }
        await new Promise((resolve) => setTimeout(resolve, 25))
      }
    },
    async stop(): Promise<number> {
      if (child.exitCode === null) child.kill('SIGINT')
      return exited
    }
  }
}
