import { spawn, spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { tempDir } from './temp-dir.js'

import { BIN } from './cli-process.js'

export { BIN }

export interface CliResult {
  code: number
  stdout: string
  stderr: string
}

/** A sandbox for the real `mevault` binary: its own vault folder, key file and working folder. */
export function cliSandbox(passphrase = 'correct horse battery staple') {
  const root = tempDir('mevault-cli')
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    MEVAULT_HOME: join(root, 'vault'),
    MEVAULT_KEY_FILE: join(root, 'keys', 'secret-key.json'),
    MEVAULT_PASSPHRASE: passphrase,
    XDG_CONFIG_HOME: join(root, 'config'),
    XDG_DATA_HOME: join(root, 'data')
  }
  const run = (args: string[], extraEnv: NodeJS.ProcessEnv = {}, input?: string): CliResult => {
    const result = spawnSync(process.execPath, [BIN, ...args], {
      cwd: root,
      env: { ...env, ...extraEnv },
      input,
      encoding: 'utf8'
    })
    return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr }
  }
  const runAsync = (args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<CliResult> =>
    new Promise((resolve) => {
      const child = spawn(process.execPath, [BIN, ...args], { cwd: root, env: { ...env, ...extraEnv } })
      let stdout = ''
      let stderr = ''
      child.stdout.on('data', (d) => (stdout += d))
      child.stderr.on('data', (d) => (stderr += d))
      child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }))
    })
  return { root, env, run, runAsync, vaultDir: join(root, 'vault'), keyFile: join(root, 'keys', 'secret-key.json') }
}
