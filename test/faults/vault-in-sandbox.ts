import { parseSecretKey } from '../../src/core/crypto/secret-key.js'
import { Vault } from '../../src/core/vault/vault.js'
import type { cliSandbox } from '../helpers/cli.js'
import { PASSPHRASE } from '../helpers/vault-fixture.js'

type Sandbox = ReturnType<typeof cliSandbox>

/**
 * `mevault init` in the sandbox (vault folder `dir`), then `fields` set through the Vault API (one
 * unlock instead of one CLI process per field); the vault is closed cleanly. Returns its secret key.
 */
export async function initWithFields(cli: Sandbox, dir: string, fields: Record<string, string>): Promise<Uint8Array> {
  const init = cli.run(['init', '--json'], { MEVAULT_HOME: dir })
  if (init.code !== 0) throw new Error(`mevault init failed: ${init.stderr}`)
  const secretKey = parseSecretKey(JSON.parse(init.stdout).secretKey)
  const vault = await Vault.unlock({ dir, passphrase: PASSPHRASE, secretKey })
  try {
    for (const [path, value] of Object.entries(fields)) await vault.set(path, value)
  } finally {
    await vault.close()
  }
  return secretKey
}

/** path → value of `mevault list --json` output. */
export function listed(stdout: string): Record<string, string> {
  return Object.fromEntries((JSON.parse(stdout) as Array<{ path: string; value: string }>).map((f) => [f.path, f.value]))
}
