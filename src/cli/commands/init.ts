import type { Command } from 'commander'
import { chmodSync, mkdirSync } from 'node:fs'
import { writePrivateFile } from '../../core/vault/write-private-file.js'
import { dirname } from 'node:path'
import type { RecoveryKit } from '../../shared/types.js'
import { defaultKitPath, keyFilePath, prepareKeyFolder, vaultDir } from '../locations.js'
import { note, out, printJson } from '../output.js'
import { askNewPassphrase } from '../passphrase.js'
import { checkOutputFile } from './input-file.js'
import { shown } from '../terminal-text.js'

function kitText(kit: RecoveryKit, dir: string): string {
  return [
    'MeVault recovery kit',
    '====================',
    'Print this page and keep it somewhere safe. With your passphrase, the secret key below',
    'unlocks your vault on a new machine. Anyone holding both can read your vault.',
    '',
    `Vault id:    ${kit.vaultId}`,
    `Identity:    ${kit.did}`,
    `Secret key:  ${kit.secretKey}`,
    `Created:     ${kit.createdAt}`,
    `Vault folder (this machine): ${dir}`,
    '',
    'Passphrase:  ______________________________ (write it here only if this page stays locked away)',
    ''
  ].join('\n')
}

export function registerInit(program: Command): void {
  program
    .command('init')
    .description('create a vault; shows the recovery kit once and saves it to a file to print')
    .option('--kit <file>', 'where to write the recovery kit (default: recovery-kits/ in your MeVault config folder)', undefined)
    .option('--json', 'print the recovery kit as JSON')
    .action(async (options: { kit?: string; json?: boolean }, command: Command) => {
      const dir = vaultDir(command.optsWithGlobals().vault)
      // Checked before the vault exists: a kit that cannot be written must not leave a vault without one.
      const chosenKit = options.kit === undefined ? undefined : checkOutputFile(options.kit)
      const [{ parseSecretKey }, { writeKeyFile }, { Vault }] = await Promise.all([
        import('../../core/crypto/secret-key.js'),
        import('../../core/vault/key-file.js'),
        import('../../core/vault/vault.js')
      ])
      const passphrase = await askNewPassphrase('MEVAULT_PASSPHRASE')
      const { vault, recoveryKit } = await Vault.create({ dir, passphrase })
      try {
        const keyFile = keyFilePath(recoveryKit.vaultId)
        prepareKeyFolder(keyFile)
        writeKeyFile(keyFile, recoveryKit.vaultId, parseSecretKey(recoveryKit.secretKey))
        // The kit holds the secret key: owner-only, in a folder of the user's own unless --kit says otherwise.
        const kitFile = chosenKit ?? defaultKitPath(recoveryKit.vaultId)
        if (chosenKit === undefined) {
          mkdirSync(dirname(kitFile), { recursive: true, mode: 0o700 })
          chmodSync(dirname(kitFile), 0o700)
        }
        writePrivateFile(kitFile, kitText(recoveryKit, dir), { replace: false })
        if (options.json) {
          printJson({ ...recoveryKit, vaultDir: dir, keyFile, kitFile })
        } else {
          out(`${kitText(recoveryKit, dir)}\n`)
          out(shown`Vault created in ${dir}` + '\n' + shown`This device's secret key is in ${keyFile}` + '\n')
        }
        note(shown`Recovery kit saved to ${kitFile}: print it, keep it safe, then delete the file.`)
      } finally {
        await vault.close()
      }
    })
}
