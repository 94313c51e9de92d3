import { isAbsolute } from 'node:path'
import type { MeVaultApi } from '../../shared/api.js'
import { MeVaultError } from '../../shared/errors.js'
import { backUpToFolder, backupSettings, recordLastBackup, setBackupFolder } from '../backup/backup-settings.js'
import { backupBytes, writeBackup } from '../backup/write-backup.js'
import type { Vault } from '../vault/vault.js'

type BackupMethod = 'backup.create' | 'backup.download' | 'backup.settings' | 'backup.setFolder'

/**
 * Backups of an unlocked vault. The file is written by whoever holds the vault (this process, or
 * `mevault serve` / the app when the CLI comes through the front door), so it is one consistent
 * state even while the holder keeps working. `lastError`: the automatic backups' last failure.
 */
export function backupMethods(unlocked: () => Vault, lastError: () => string | undefined = () => undefined): Pick<MeVaultApi, BackupMethod> {
  return {
    'backup.create': async (input) => {
      const vault = unlocked()
      if (!input?.path) return backUpToFolder(vault)
      // The holder may run in another folder than the caller: a relative path would land elsewhere.
      if (!isAbsolute(input.path)) throw new MeVaultError('BAD_INPUT', `The backup file must be a full path (got ${input.path})`)
      const made = await writeBackup(vault, input.path, { replace: input.force === true })
      recordLastBackup(vault, made)
      return made
    },
    'backup.download': async () => {
      const vault = unlocked()
      const { bytes, madeAt } = await backupBytes(vault)
      return { name: `mevault-${vault.vaultId.slice(0, 8)}-${madeAt.slice(0, 10)}.mvbackup`, data: Buffer.from(bytes).toString('base64'), madeAt }
    },
    'backup.settings': async () => {
      const error = lastError()
      return { ...backupSettings(unlocked()), ...(error ? { lastError: error } : {}) }
    },
    'backup.setFolder': async ({ folder, keep }) => setBackupFolder(unlocked(), folder, keep)
  }
}
