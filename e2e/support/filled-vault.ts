/**
 * A vault filled through the core API before the page opens it: a list of hundreds or thousands
 * of fields is built in seconds this way, where the UI's form would take minutes.
 */
import { createVaultService } from '../../src/core/service/index.js'
import { resolveVaultLocation } from '../../src/core/vault/locations.js'
import type { MeVaultApi } from '../../src/shared/api.js'
import type { Tier } from '../../src/shared/types.js'

export interface SeedField {
  path: string
  value: string
  tier?: Tier
}

/**
 * Creates the vault `env` points at (MEVAULT_HOME, MEVAULT_KEY_FILE), sets each field in order,
 * lets `inspect` read it (what the engine answers, to compare the page with), and locks it again.
 */
export async function fillVault<T = void>(
  env: NodeJS.ProcessEnv,
  passphrase: string,
  fields: Iterable<SeedField>,
  inspect?: (api: MeVaultApi) => Promise<T>
): Promise<T | undefined> {
  const api = createVaultService(resolveVaultLocation({}, env))
  await api['vault.create']({ passphrase })
  try {
    // One at a time, as a person would: concurrent sets on one record are not what a vault sees.
    for (const { path, value, tier } of fields) await api['fields.set']({ path, value, tier })
    return await inspect?.(api)
  } finally {
    await api['vault.lock']()
  }
}
