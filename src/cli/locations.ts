import envPaths from 'env-paths'
import { join, resolve } from 'node:path'

const paths = envPaths('mevault', { suffix: '' })

/** --vault DIR, else MEVAULT_HOME, else the platform's app-data folder. */
export function vaultDir(option: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return resolve(option ?? env.MEVAULT_HOME ?? paths.data)
}

/** MEVAULT_KEY_FILE, else one file per vault in the user's config folder (never in the vault folder). */
export function keyFilePath(vaultId: string, env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env.MEVAULT_KEY_FILE ?? join(paths.config, 'keys', `${vaultId}.json`))
}
