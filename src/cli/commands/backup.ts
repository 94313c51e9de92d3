import type { Command } from 'commander'
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { MeVaultError } from '../../shared/errors.js'
import { withApi } from '../connect.js'
import { hiddenPrompt } from '../hidden-prompt.js'
import { keyFilePath, prepareKeyFolder, vaultDir } from '../locations.js'
import { out, printJson } from '../output.js'
import { askPassphrase } from '../passphrase.js'
import { secretFromEnvironment } from '../secrets-from-env.js'
import { shown } from '../terminal-text.js'

/** `mevault backup --out FILE` and `mevault restore FILE` (docs/cli.md, docs/formats/backup.md). */
export function registerBackup(program: Command): void {
  program
    .command('backup')
    .description('write the whole vault, encrypted, to one file (restore it with `mevault restore`)')
    .requiredOption('--out <file>', 'where to write the backup')
    .option('--force', 'replace an existing file')
    .option('--json', 'print what was written as JSON')
    .action(async (options: { out: string; force?: boolean; json?: boolean }, command: Command) => {
      const path = resolve(options.out)
      // Said before the passphrase is asked for, not after.
      if (existsSync(path) && !options.force) throw new MeVaultError('EXISTS', `${path} exists (use --force to replace it)`)
      const made = await withApi(command.optsWithGlobals(), (api) => api['backup.create']({ path, force: options.force === true }))
      if (options.json) return printJson(made)
      out(shown`Backed up the vault to ${made.path} (${made.bytes} bytes, encrypted).` + '\n')
      out('Restoring it needs your passphrase and the secret key from your recovery kit.\n')
    })
}

/**
 * `mevault restore FILE`: a backup into an empty vault folder (MEVAULT_PASSPHRASE and
 * MEVAULT_SECRET_KEY, or prompts). Reached through `restore`, which with two arguments restores a
 * field's earlier version instead (fields.ts).
 */
export async function restoreBackupFile(file: string, options: { json?: boolean }, command: Command): Promise<void> {
  const [{ assertEmptyTarget, readBackupFile, restoreBackup }, { readBackupParts }, { parseSecretKey }, { keyFileStore }] = await Promise.all([
    import('../../core/backup/restore-backup.js'),
    import('../../core/backup/backup-format.js'),
    import('../../core/crypto/secret-key.js'),
    import('../../core/vault/secret-key-store.js')
  ])
  const dir = vaultDir(command.optsWithGlobals().vault)
  // What needs no secret is checked before any is asked for: the target, and that the file is whole.
  assertEmptyTarget(dir)
  const backup = readBackupFile(resolve(file))
  readBackupParts(backup.bytes, backup.name)
  const passphrase = await askPassphrase()
  const typed =
    secretFromEnvironment('MEVAULT_SECRET_KEY') ?? (process.stdin.isTTY ? await hiddenPrompt('Secret key from your recovery kit (MV1-…)') : undefined)
  if (!typed) throw new MeVaultError('BAD_INPUT', 'No secret key: set MEVAULT_SECRET_KEY or run in a terminal')
  const secretKey = parseSecretKey(typed)
  const keys = keyFileStore((vaultId) => {
    const path = keyFilePath(vaultId)
    prepareKeyFolder(path)
    return path
  })
  const restored = await restoreBackup({ backup, vaultDir: dir, passphrase, secretKey, secretKeys: keys })
  if (options.json) return printJson({ ...restored, vaultDir: dir, keyFile: keyFilePath(restored.vaultId) })
  out(
    [
      shown`Restored vault ${restored.vaultId} (backed up ${restored.madeAt}) into ${dir}.`,
      shown`Secret key saved to ${keyFilePath(restored.vaultId)}.`,
      shown`This computer is a new device of the vault, "${restored.device.name}": the device the backup was made on stays listed.`,
      'If that device is lost, revoke it (`mevault devices revoke ID`); to sync with your other devices, pair this one with them.',
      ''
    ].join('\n')
  )
}
