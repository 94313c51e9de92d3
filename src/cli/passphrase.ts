import { MeVaultError } from '../shared/errors.js'

const MIN_LENGTH = 8

async function prompt(message: string): Promise<string> {
  if (!process.stdin.isTTY) {
    throw new MeVaultError('BAD_INPUT', 'No passphrase: set MEVAULT_PASSPHRASE or run in a terminal')
  }
  const { default: password } = await import('@inquirer/password')
  return password({ message, mask: true })
}

/** MEVAULT_PASSPHRASE when set, else a hidden prompt. */
export async function askPassphrase(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  return env.MEVAULT_PASSPHRASE ?? prompt('Passphrase')
}

/** A new passphrase: from `envName` when set, else typed twice. */
export async function askNewPassphrase(envName: string, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const fromEnv = env[envName]
  const chosen = fromEnv ?? (await prompt('New passphrase'))
  if (chosen.length < MIN_LENGTH) {
    throw new MeVaultError('BAD_INPUT', `A passphrase needs at least ${MIN_LENGTH} characters`)
  }
  if (fromEnv === undefined && (await prompt('Repeat the passphrase')) !== chosen) {
    throw new MeVaultError('BAD_INPUT', 'The two passphrases differ')
  }
  return chosen
}
