/**
 * A vault filled through the core API before the page opens it: a list of hundreds or thousands
 * of fields is built in seconds this way, where the UI's form would take minutes.
 */
import { createVaultService } from '../../src/core/service/index.js'
import { resolveVaultLocation } from '../../src/core/vault/locations.js'
import type { Tier } from '../../src/shared/types.js'

export interface SeedField {
  path: string
  value: string
  tier?: Tier
}

/** Creates the vault `env` points at (MEVAULT_HOME, MEVAULT_KEY_FILE), sets each field in order, and locks it again. */
export async function fillVault(env: NodeJS.ProcessEnv, passphrase: string, fields: Iterable<SeedField>): Promise<void> {
  const api = createVaultService(resolveVaultLocation({}, env))
  await api['vault.create']({ passphrase })
  try {
    // One at a time, as a person would: concurrent sets on one record are not what a vault sees.
    for (const { path, value, tier } of fields) await api['fields.set']({ path, value, tier })
  } finally {
    await api['vault.lock']()
  }
}
