import envPaths from 'env-paths'
import { chmodSync, mkdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { resolveVaultLocation } from '../core/vault/locations.js'

/** --vault DIR, else MEVAULT_HOME, else the platform's app-data folder. */
export function vaultDir(option: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return resolveVaultLocation({ vaultDir: option }, env).vaultDir
}

/** MEVAULT_KEY_FILE, else one file per vault in the user's config folder (never in the vault folder). */
export function keyFilePath(vaultId: string, env: NodeJS.ProcessEnv = process.env): string {
  return resolveVaultLocation({}, env).keyFileFor(vaultId)
}

/**
 * The folder of the default key file is MeVault's own and is kept owner-only (0700), even if it
 * was made wider before. A folder the person chose with MEVAULT_KEY_FILE is theirs: only the file
 * in it is made 0600 (that folder could be their home, or a shared one).
 */
export function prepareKeyFolder(keyFile: string, env: NodeJS.ProcessEnv = process.env): void {
  const folder = dirname(keyFile)
  mkdirSync(folder, { recursive: true, mode: 0o700 })
  if (env.MEVAULT_KEY_FILE === undefined) chmodSync(folder, 0o700)
}

/**
 * Where `init` saves the recovery kit when --kit does not say: in the user's own config folder
 * (`~/.config/mevault/recovery-kits` on Linux), owner-only, never the current folder (which may
 * be a git checkout or a shared folder).
 */
export function defaultKitPath(vaultId: string): string {
  return join(envPaths('mevault', { suffix: '' }).config, 'recovery-kits', `mevault-recovery-kit-${vaultId.slice(0, 8)}.pdf`)
}
