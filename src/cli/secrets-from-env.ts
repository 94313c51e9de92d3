/**
 * Secrets a script may hand over in the environment. They are moved out of process.env as the
 * CLI starts, before any command runs: a long-running command (`serve`, `sync serve`) then does
 * not keep them in its environment, and nothing it starts inherits them. What the kernel shows in
 * /proc/PID/environ is the environment the process was started with; no process can change that,
 * which is why docs/cli.md advises the prompt for long-running commands.
 */
export const SECRET_VARIABLES = ['MEVAULT_PASSPHRASE', 'MEVAULT_NEW_PASSPHRASE', 'MEVAULT_SECRET_KEY'] as const
export type SecretVariable = (typeof SECRET_VARIABLES)[number]

const taken = new Map<SecretVariable, string>()

/** Moves every secret variable from `env` into this module; what an earlier run took is forgotten. */
export function takeSecretsFromEnvironment(env: NodeJS.ProcessEnv = process.env): void {
  taken.clear()
  for (const name of SECRET_VARIABLES) {
    const value = env[name]
    if (value === undefined) continue
    taken.set(name, value)
    delete env[name]
  }
}

/**
 * The value the environment gave for `name` (also when main() did not run first, as in a test),
 * handed out once so that the process holds it no longer than the command needs it.
 */
export function secretFromEnvironment(name: SecretVariable): string | undefined {
  const value = taken.get(name) ?? process.env[name]
  taken.delete(name)
  delete process.env[name]
  return value
}

/** Whether the environment gave `name` (and it was not handed out yet): a script, not a person typing. */
export function secretGiven(name: SecretVariable): boolean {
  return taken.has(name) || process.env[name] !== undefined
}
