/**
 * "Another machine" for the pairing specs: the real `mevault` CLI with its own vault folder and
 * key file in a fresh temp folder, as `mevault pair accept` would run on a second computer.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { startCli } from '../../test/helpers/cli-process.js'

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
  const run = async (args: string[]): Promise<CliRun> => {
    const command = startCli(args, env, root)
    const code = await command.exited
    return { code, stdout: command.stdout, stderr: command.stderr }
  }
  /** A long-running command (`sync serve`, `pair invite`): waits for a line of its output, stops with Ctrl+C. */
  const start = (args: string[]) => startCli(args, env, root)
  return { run, start, remove: () => rmSync(root, { recursive: true, force: true }) }
}
