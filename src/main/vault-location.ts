import path from 'node:path'
import { resolveVaultLocation, type VaultLocation } from '../core/vault/locations.js'

/**
 * The desktop app's vault: MEVAULT_HOME and MEVAULT_KEY_FILE when set (as for the CLI, so both can
 * open one vault, and tests can use a temp folder), else inside the app's user-data folder.
 */
export function vaultLocation(env: NodeJS.ProcessEnv, userDataDir: string): VaultLocation {
  return resolveVaultLocation({ dataDir: path.join(userDataDir, 'vault'), configDir: userDataDir }, env)
}
