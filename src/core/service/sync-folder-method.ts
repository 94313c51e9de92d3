import type { FolderSyncResult } from '../../shared/api.js'
import type { SyncLogger } from '../sync/peer-trust.js'
import { describeSkipped, syncFolder } from '../sync/sync-folder.js'
import { describeSummary } from '../sync/vault-sync.js'
import type { Vault } from '../vault/vault.js'

/** More lines than this about one folder are summed up in one: a folder full of junk cannot flood the answer. */
export const MAX_FOLDER_LINES = 1_000

/**
 * `devices.syncFolder`: one exchange with a sync folder, inside whichever process holds the vault.
 * The lines that name each file skipped or refused go back to the caller with the counts, since
 * the caller (the CLI through the front door) is the one a person reads, not the holder's log.
 */
export async function exchangeWithFolder(vault: Vault, folder: string): Promise<FolderSyncResult> {
  const lines: string[] = []
  let leftOut = 0
  const keep = (line: string): void => {
    if (lines.length < MAX_FOLDER_LINES) lines.push(line)
    else leftOut += 1
  }
  const collect: SyncLogger = { info: keep, warn: keep }
  const summary = await syncFolder(vault, folder, collect)
  if (leftOut > 0) lines.push(`sync folder: ${leftOut} more lines like these left out`)
  return { ...summary, description: describeSummary(summary), skippedDescription: describeSkipped(summary), lines }
}
