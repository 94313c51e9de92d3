import { spawn } from 'node:child_process'
import { tmpdir } from 'node:os'
import { BIN } from '../../test/helpers/cli-process.js'

/** Runs the real `mevault` beside the browser (through the serve's front door), typing `input` on its stdin. */
export function mevault(args: string[], env: NodeJS.ProcessEnv, input = ''): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: tmpdir(), env })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => (stdout += chunk))
    child.stderr.on('data', (chunk) => (stderr += chunk))
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }))
    child.stdin.end(input)
  })
}
