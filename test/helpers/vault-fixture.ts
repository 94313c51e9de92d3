import { join } from 'node:path'
import { parseSecretKey } from '../../src/core/crypto/secret-key.js'
import { Vault } from '../../src/core/vault/vault.js'
import { tempDir } from './temp-dir.js'

export const PASSPHRASE = 'correct horse battery staple'

/** A closed vault holding `fields` (path → value), tiers spread over all three. */
export async function makeVault(fields: Record<string, string>): Promise<{ dir: string; secretKey: Uint8Array }> {
  const dir = join(tempDir('mevault-fixture'), 'vault')
  const { vault, recoveryKit } = await Vault.create({ dir, passphrase: PASSPHRASE, deviceName: 'test-device' })
  const tiers = ['private', 'restricted', 'public'] as const
  let i = 0
  for (const [path, value] of Object.entries(fields)) {
    await vault.set(path, value, { tier: tiers[i++ % 3] })
  }
  await vault.close()
  return { dir, secretKey: parseSecretKey(recoveryKit.secretKey) }
}
