/**
 * Starts the real `mevault serve` for a test, against a fresh vault in a temp folder, and reads
 * the URL it prints.
 */
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

export interface ServeHandle {
  /** The printed URL, with its one-time token: open it once. */
  url: string
  /** The app's address after signing in: the printed one without the token (this run's random path). */
  appUrl: string
  /** The scheme, host and port alone. */
  origin: string
  /** The environment that points the CLI at this vault (for `mevault` calls beside the UI). */
  env: NodeJS.ProcessEnv
  close(): Promise<void>
}

export const RENDERER_DIR = path.resolve('out/renderer')
const BIN = path.resolve('bin/mevault.js')

/** `extraEnv`: more environment for the serve process (a test CA, MEVAULT_RESOLVE). */
export async function startMeVaultServe(extraEnv: NodeJS.ProcessEnv = {}): Promise<ServeHandle> {
  if (!existsSync(path.join(RENDERER_DIR, 'index.html'))) {
    throw new Error(`${RENDERER_DIR}/index.html is missing: run \`npm run build\` before the end-to-end tests`)
  }
  const root = mkdtempSync(path.join(tmpdir(), 'mevault-e2e-'))
  const env = {
    ...process.env,
    MEVAULT_HOME: path.join(root, 'vault'),
    MEVAULT_KEY_FILE: path.join(root, 'keys', 'secret-key.json'),
    ...extraEnv
  }
  const child = spawn(process.execPath, [BIN, 'serve'], { env, stdio: ['ignore', 'pipe', 'pipe'] })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  let err = ''
  const url = await new Promise<string>((resolve, reject) => {
    let out = ''
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      const match = /MeVault is at (\S+)/.exec(out)
      if (match) resolve(match[1]!)
    })
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()))
    child.once('exit', (code) => reject(new Error(`mevault serve exited (${code}): ${err}`)))
  })
  const appUrl = new URL(url)
  appUrl.search = ''
  return {
    url,
    appUrl: appUrl.href,
    origin: appUrl.origin,
    env,
    close: async () => {
      const stoppedByItself = child.exitCode !== null || child.signalCode !== null
      child.kill('SIGTERM')
      await exited
      rmSync(root, { recursive: true, force: true })
      if (stoppedByItself) throw new Error(`mevault serve stopped during the test (${child.exitCode ?? child.signalCode}): ${err}`)
    }
  }
}
