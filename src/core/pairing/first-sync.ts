import { isMeVaultError } from '../../shared/errors.js'
import type { SyncLogger } from '../sync/peer-trust.js'
import { syncNow } from '../sync/sync-session.js'
import type { SyncSummary } from '../sync/vault-sync.js'
import type { Vault } from '../vault/vault.js'

export interface FirstSync {
  summary?: SyncSummary
  /** Why it did not finish, when it did not (the device is joined either way). */
  failure?: string
}

/**
 * A newly joined device's first sync, with the device that invited it. The inviting side reopens
 * its port for sync after pairing, once it has its vault ready to send (it waits two minutes for
 * this device), so "nobody answered" (or a connection cut as it switches from the invitation to
 * sync) is retried: for up to a minute, not a number of tries, since how long the switch takes
 * depends on the vault's size and on how busy that machine is.
 */
export async function firstSyncAfterJoining(
  vault: Vault,
  at: { host: string; port: number },
  logger: SyncLogger,
  patienceMs = FIRST_SYNC_PATIENCE_MS
): Promise<FirstSync> {
  const giveUpAt = Date.now() + patienceMs
  for (;;) {
    try {
      return { summary: await syncNow(vault, { ...at, logger }) }
    } catch (error) {
      const failure = (error as Error).message
      const retried = isMeVaultError(error, 'UNREACHABLE') || isMeVaultError(error, 'CONNECTION_LOST')
      if (!retried || Date.now() >= giveUpAt) return { failure }
      await new Promise((resolve) => setTimeout(resolve, 200))
    }
  }
}

export const FIRST_SYNC_PATIENCE_MS = 60_000
