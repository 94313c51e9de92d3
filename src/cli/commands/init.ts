import type { Command } from 'commander'
import { writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import type { RecoveryKit } from '../../shared/types.js'
import { keyFilePath, vaultDir } from '../locations.js'
import { note, printJson } from '../output.js'
import { askNewPassphrase } from '../passphrase.js'

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
    .option('--kit <file>', 'where to write the recovery kit', undefined)
    .option('--json', 'print the recovery kit as JSON')
    .action(async (options: { kit?: string; json?: boolean }, command: Command) => {
      const dir = vaultDir(command.optsWithGlobals().vault)
      const [{ parseSecretKey }, { writeKeyFile }, { Vault }] = await Promise.all([
        import('../../core/crypto/secret-key.js'),
        import('../../core/vault/key-file.js'),
        import('../../core/vault/vault.js')
      ])
      const passphrase = await askNewPassphrase('MEVAULT_PASSPHRASE')
      const { vault, recoveryKit } = await Vault.create({ dir, passphrase })
      try {
        const keyFile = keyFilePath(recoveryKit.vaultId)
        writeKeyFile(keyFile, recoveryKit.vaultId, parseSecretKey(recoveryKit.secretKey))
        const kitFile = resolve(options.kit ?? `mevault-recovery-kit-${recoveryKit.vaultId.slice(0, 8)}.txt`)
        writeFileSync(kitFile, kitText(recoveryKit, dir), { mode: 0o600, flag: 'wx' })
        if (options.json) {
          printJson({ ...recoveryKit, vaultDir: dir, keyFile, kitFile })
        } else {
          process.stdout.write(`${kitText(recoveryKit, dir)}\n`)
          process.stdout.write(`Vault created in ${dir}\nThis device's secret key is in ${keyFile}\n`)
        }
        note(`Recovery kit saved to ${kitFile}: print it, keep it safe, then delete the file.`)
      } finally {
        await vault.close()
      }
    })
}
