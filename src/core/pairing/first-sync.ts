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
 * its port for sync a moment after pairing, so "nobody answered" (or a connection cut as it switches
 * from the invitation to sync) is retried for a few seconds.
 */
export async function firstSyncAfterJoining(vault: Vault, at: { host: string; port: number }, logger: SyncLogger): Promise<FirstSync> {
  let failure = 'the inviting device did not start syncing'
  for (let tries = 0; tries < 25; tries += 1) {
    try {
      return { summary: await syncNow(vault, { ...at, logger }) }
    } catch (error) {
      failure = (error as Error).message
      if (!isMeVaultError(error, 'UNREACHABLE') && !isMeVaultError(error, 'CONNECTION_LOST')) break
      await new Promise((resolve) => setTimeout(resolve, 200))
    }
  }
  return { failure }
}
