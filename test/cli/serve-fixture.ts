/**
 * A real `mevault serve` for CLI tests, and its HTTP API as the page calls it. `serve` needs the
 * built UI (out/renderer), which `npm test` builds only after vitest runs: so it runs from a copy of
 * the project (sources, compiled CLI, timestamps kept so the build counts as current) with a
 * one-line page of its own.
 */
import { spawn } from 'node:child_process'
import { request } from 'node:http'
import { cpSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { tempDir } from '../helpers/temp-dir.js'

const PROJECT = join(import.meta.dirname, '..', '..')

function projectWithPage(): string {
  const dir = tempDir('mevault-served')
  for (const item of ['src', 'bin', 'dist', 'package.json']) {
    cpSync(join(PROJECT, item), join(dir, item), { recursive: true, preserveTimestamps: true })
  }
  symlinkSync(join(PROJECT, 'node_modules'), join(dir, 'node_modules'))
  mkdirSync(join(dir, 'out', 'renderer'), { recursive: true })
  writeFileSync(join(dir, 'out', 'renderer', 'index.html'), '<!doctype html><title>MeVault</title>')
  return dir
}

export async function startServe(env: NodeJS.ProcessEnv, cwd: string) {
  const project = projectWithPage()
  // The sandbox's passphrase stays with the CLI runs: the page types its own.
  const { MEVAULT_PASSPHRASE: _typedByThePage, ...serveEnv } = env
  const child = spawn(process.execPath, [join(project, 'bin', 'mevault.js'), 'serve', '--lock-after', '0'], { cwd, env: serveEnv })
  child.stdin.end()
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const exited = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? -1)))
  const printed = await new Promise<URL>((resolve, reject) => {
    let stdout = ''
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString()
      const match = /MeVault is at (\S+)/.exec(stdout)
      if (match) resolve(new URL(match[1]!))
    })
    void exited.then((code) => reject(new Error(`mevault serve exited (${code}): ${stderr}`)))
  })
  const signIn = await send(printed, 'GET', {})
  const cookie = String(signIn.headers['set-cookie']).split(';')[0]!
  const appUrl = new URL(printed)
  appUrl.search = ''
  /** One API call as the page makes it. */
  const call = async (method: string, input?: unknown): Promise<{ ok: boolean; value?: unknown; error?: { code: string } }> => {
    const reply = await send(
      new URL(`api/${method}`, appUrl),
      'POST',
      { Cookie: cookie, Origin: appUrl.origin, 'Content-Type': 'application/json' },
      input === undefined ? '' : JSON.stringify(input)
    )
    return JSON.parse(reply.body) as { ok: boolean; value?: unknown }
  }
  const stop = (): Promise<number> => {
    if (child.exitCode === null) child.kill('SIGINT')
    return exited
  }
  return { call, stop, stderr: () => stderr }
}

/**
 * One request on a connection of its own: the test's CLI runs block this process for seconds, long
 * enough for the server to close an idle kept-alive connection that a shared agent would then reuse.
 */
function send(url: URL, method: string, headers: Record<string, string>, body?: string) {
  return new Promise<{ headers: Record<string, string | string[] | undefined>; body: string }>((resolve, reject) => {
    const req = request(url, { method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }))
    })
    req.on('error', reject)
    req.end(body)
  })
}
