import { resolveVaultLocation } from '../core/vault/locations.js'

/** --vault DIR, else MEVAULT_HOME, else the platform's app-data folder. */
export function vaultDir(option: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return resolveVaultLocation({ vaultDir: option }, env).vaultDir
}

/** MEVAULT_KEY_FILE, else one file per vault in the user's config folder (never in the vault folder). */
export function keyFilePath(vaultId: string, env: NodeJS.ProcessEnv = process.env): string {
  return resolveVaultLocation({}, env).keyFileFor(vaultId)
}
