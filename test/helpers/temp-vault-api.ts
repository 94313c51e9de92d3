import { join } from 'node:path'
import { createVaultService } from '../../src/core/service/index.js'
import type { MeVaultApi } from '../../src/shared/api.js'
import { tempDir } from './temp-dir.js'

/** The real vault service over a fresh temp folder (removed after the test). */
export function createTempVaultApi(): MeVaultApi {
  const root = tempDir('mevault-api')
  return createVaultService({ vaultDir: join(root, 'vault'), keyFileFor: (id) => join(root, 'keys', `${id}.json`) })
}
