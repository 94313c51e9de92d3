import type { Vault } from '../vault/vault.js'
import { backUpToFolder, backupSettings, dailyBackupName } from './backup-settings.js'
import { existsSync } from 'node:fs'
import { join } from 'node:path'

/** How long the vault stays unchanged before the day's backup is brought up to date. */
export const QUIET_MS = 30_000

/**
 * Keeps the day's backup in the chosen folder up to date while the vault is open: once the vault
 * has been quiet for `quietMs` after a change, today's file is written again (one file per day,
 * the newest `keep` days kept: backup-settings.ts). Opening a vault whose folder has no file for
 * today makes one. A failure (the folder gone, a full disk) is kept for Settings to show and
 * tried again at the next change; it never disturbs the vault. Locking writes a backup still due.
 */
export function keepAutomaticBackups(vault: Vault, options: { quietMs?: number } = {}): { stop(): Promise<void>; lastError(): string | undefined } {
  const quietMs = options.quietMs ?? QUIET_MS
  let timer: NodeJS.Timeout | undefined
  let running: Promise<void> = Promise.resolve()
  let stopped = false
  let failure: string | undefined

  const run = (): void => {
    timer = undefined
    if (stopped) return
    running = running.then(async () => {
      // Work queued before stop() still runs: stop() waits for it, and the vault stays open until then.
      if (!backupSettings(vault).folder) return
      try {
        await backUpToFolder(vault)
        failure = undefined
      } catch (error) {
        failure = (error as Error).message
      }
    })
  }
  const schedule = (): void => {
    if (stopped) return
    if (timer) clearTimeout(timer)
    timer = setTimeout(run, quietMs)
    timer.unref()
  }

  const { folder } = backupSettings(vault)
  if (folder && !existsSync(join(folder, dailyBackupName(vault.vaultId, vault.now())))) schedule()
  const stopListening = vault.onChange(schedule)
  return {
    lastError: () => failure,
    stop: async () => {
      stopListening()
      // Changes not yet in the day's file (the vault locked before it was quiet long enough) go in now.
      if (timer) {
        clearTimeout(timer)
        run()
      }
      stopped = true
      await running
    }
  }
}
