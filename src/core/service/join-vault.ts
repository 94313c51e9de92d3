import { hostname } from 'node:os'
import type { JoinResult } from '../../shared/api.js'
import { parseSecretKey } from '../crypto/secret-key.js'
import { acceptInvitation } from '../pairing/accept-invitation.js'
import { firstSyncAfterJoining } from '../pairing/first-sync.js'
import type { SyncLogger } from '../sync/peer-trust.js'
import { describeSummary } from '../sync/vault-sync.js'
import type { VaultLocation } from '../vault/locations.js'
import type { SecretKeyStore } from '../vault/secret-key-store.js'
import type { Vault } from '../vault/vault.js'

/** The UI reports the outcome itself; connection lines would only reach the app's stderr. */
const quiet: SyncLogger = { info: () => {}, warn: () => {} }

/**
 * `vault.join`: this machine accepts an invitation made on one of the person's other machines,
 * keeps its new secret key in the device's key store, and syncs once with the inviting machine.
 */
export async function joinVault(
  location: VaultLocation,
  secretKeys: SecretKeyStore,
  input: { code: string; passphrase: string; deviceName?: string },
  nativeBinding?: string
): Promise<{ vault: Vault; result: JoinResult }> {
  const joined = await acceptInvitation(input.code, {
    dir: location.vaultDir,
    passphrase: input.passphrase,
    deviceName: input.deviceName ?? hostname(),
    logger: quiet,
    nativeBinding
  })
  const { vault, recoveryKit: kit } = joined
  try {
    await secretKeys.write(kit.vaultId, parseSecretKey(kit.secretKey))
  } catch (error) {
    await vault.close()
    throw error
  }
  const first = await firstSyncAfterJoining(vault, joined.syncAt, quiet)
  const firstSync: JoinResult['firstSync'] = first.summary
    ? { done: true, description: describeSummary(first.summary) }
    : { done: false, reason: first.failure ?? 'unknown' }
  return { vault, result: { kit, inviter: joined.inviter, firstSync } }
}
