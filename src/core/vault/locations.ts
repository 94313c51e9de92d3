import envPaths from 'env-paths'
import { join, resolve } from 'node:path'

const paths = envPaths('mevault', { suffix: '' })

/** Where a vault and this device's secret key live; the CLI, `mevault serve` and the app agree on it. */
export interface VaultLocation {
  vaultDir: string
  /** The key file for a vault, once its id is known (one per vault, outside the vault folder). */
  keyFileFor: (vaultId: string) => string
}

/**
 * The vault folder: the explicit choice, else MEVAULT_HOME, else the platform's app-data folder.
 * The key file: MEVAULT_KEY_FILE, else `keys/<vault id>.json` in the user's config folder.
 */
export function resolveVaultLocation(
  options: { vaultDir?: string; configDir?: string; dataDir?: string } = {},
  env: NodeJS.ProcessEnv = process.env
): VaultLocation {
  const configDir = options.configDir ?? paths.config
  return {
    vaultDir: resolve(options.vaultDir ?? env.MEVAULT_HOME ?? options.dataDir ?? paths.data),
    keyFileFor: (vaultId) => resolve(env.MEVAULT_KEY_FILE ?? join(configDir, 'keys', `${vaultId}.json`))
  }
}
