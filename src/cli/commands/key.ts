import type { Command } from 'commander'
import { MeVaultError } from '../../shared/errors.js'
import { hiddenPrompt } from '../hidden-prompt.js'
import { keyFilePath, prepareKeyFolder, vaultDir } from '../locations.js'
import { out } from '../output.js'
import { secretFromEnvironment } from '../secrets-from-env.js'
import { shown } from '../terminal-text.js'

export function registerKey(program: Command): void {
  const key = program.command('key').description("this device's secret key file")
  key
    .command('restore')
    .description('write the key file from the secret key in your recovery kit (MEVAULT_SECRET_KEY or prompt)')
    .option('--force', 'replace an existing key file')
    .action(async (options: { force?: boolean }, command: Command) => {
      const [{ parseSecretKey }, { writeKeyFile }, { readHeader }, { closeVaultFile, openVaultFile }] = await Promise.all([
        import('../../core/crypto/secret-key.js'),
        import('../../core/vault/key-file.js'),
        import('../../core/vault/header.js'),
        import('../../core/vault/vault-file.js')
      ])
      const file = openVaultFile(vaultDir(command.optsWithGlobals().vault), 0)
      let vaultId: string
      try {
        vaultId = readHeader(file.db).vaultId
      } finally {
        closeVaultFile(file)
      }
      const typed =
        secretFromEnvironment('MEVAULT_SECRET_KEY') ?? (process.stdin.isTTY ? await hiddenPrompt('Secret key (MV1-…)') : undefined)
      if (!typed) throw new MeVaultError('BAD_INPUT', 'No secret key: set MEVAULT_SECRET_KEY or run in a terminal')
      const path = keyFilePath(vaultId)
      prepareKeyFolder(path)
      // 0600 whatever a replaced file's mode was (writeKeyFile writes a new file and renames it over).
      writeKeyFile(path, vaultId, parseSecretKey(typed), { overwrite: options.force })
      out(shown`Secret key saved to ${path}` + '\n')
    })
}
