import { existsSync, readdirSync, rmSync, statSync } from 'node:fs'
import { isAbsolute, join } from 'node:path'
import { MeVaultError } from '../../shared/errors.js'
import type { BackupMade, BackupSettingsView } from '../../shared/types.js'
import type { Db } from '../store/database.js'
import type { Vault } from '../vault/vault.js'
import { writeBackup } from './write-backup.js'

/** Automatic backups kept when the person does not say. */
export const DEFAULT_KEEP = 7
export const MAX_KEEP = 365

/** The setting's name (vault.localSetting): this device's only, since the folder is a path on this machine. */
const SETTING = 'backups'

interface StoredSettings {
  folder?: string
  keep?: number
  last?: BackupMade
}

const stored = (vault: Vault): StoredSettings => (vault.localSetting(SETTING) as StoredSettings | undefined) ?? {}

export function backupSettings(vault: Vault): BackupSettingsView {
  const { folder, keep, last } = stored(vault)
  return { ...(folder ? { folder } : {}), keep: keep ?? DEFAULT_KEEP, ...(last ? { last } : {}) }
}

/** Chooses (or, with null, stops using) the folder for automatic backups, and how many to keep. */
export function setBackupFolder(vault: Vault, folder: string | null, keep?: number): BackupSettingsView {
  if (keep !== undefined && (!Number.isInteger(keep) || keep < 1 || keep > MAX_KEEP)) {
    throw new MeVaultError('BAD_INPUT', `keep must be a whole number from 1 to ${MAX_KEEP}`)
  }
  if (folder !== null) assertFolder(folder)
  const { folder: _old, ...rest } = stored(vault)
  vault.setLocalSetting(SETTING, { ...rest, ...(folder !== null ? { folder } : {}), ...(keep !== undefined ? { keep } : {}) })
  return backupSettings(vault)
}

function assertFolder(folder: string): void {
  if (!isAbsolute(folder)) throw new MeVaultError('BAD_INPUT', `The backup folder must be a full path, e.g. /home/me/Backups (got ${folder})`)
  if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new MeVaultError('NOT_FOUND', `No folder at ${folder}`)
}

/** One file per day per vault: a later backup on the same day replaces that day's file. */
export function dailyBackupName(vaultId: string, day: Date): string {
  const pad = (n: number): string => String(n).padStart(2, '0')
  return `mevault-${vaultId.slice(0, 8)}-${day.getFullYear()}-${pad(day.getMonth() + 1)}-${pad(day.getDate())}.mvbackup`
}

const dailyPattern = (vaultId: string): RegExp => new RegExp(`^mevault-${vaultId.slice(0, 8)}-\\d{4}-\\d{2}-\\d{2}\\.mvbackup$`)

/**
 * Backs up into the chosen folder as today's file (local date, by the vault's clock), then keeps
 * only the newest `keep` days of this vault's backups there. Other files are never touched.
 */
export async function backUpToFolder(vault: Vault): Promise<BackupMade> {
  const settings = backupSettings(vault)
  if (!settings.folder) throw new MeVaultError('BAD_INPUT', 'Choose a folder for backups first')
  assertFolder(settings.folder)
  const made = await writeBackup(vault, join(settings.folder, dailyBackupName(vault.vaultId, vault.now())), { replace: true })
  pruneBackups(settings.folder, vault.vaultId, settings.keep)
  recordLastBackup(vault, made)
  return made
}

/** Records the newest backup made (any way), for Settings to show. */
export function recordLastBackup(vault: Vault, made: BackupMade): void {
  vault.setLocalSetting(SETTING, { ...stored(vault), last: made })
}

/** Removes this vault's daily backups beyond the newest `keep`; returns the names removed. */
export function pruneBackups(folder: string, vaultId: string, keep: number): string[] {
  const pattern = dailyPattern(vaultId)
  // The names sort by date: the newest are last.
  const ours = readdirSync(folder).filter((name) => pattern.test(name)).sort()
  const removed = ours.slice(0, Math.max(0, ours.length - keep))
  for (const name of removed) rmSync(join(folder, name), { force: true })
  return removed
}

/** A restored copy is on another machine: the folder of the machine the backup was made on is dropped. */
export function forgetBackupFolder(db: Db): void {
  // The row vault.localSetting(SETTING) reads (sealed-meta.ts: "sealed:" + "setting:" + name).
  db.prepare('DELETE FROM meta WHERE key = ?').run(`sealed:setting:${SETTING}`)
}
