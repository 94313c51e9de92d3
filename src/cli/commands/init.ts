import type { Command } from 'commander'
import { chmodSync, mkdirSync } from 'node:fs'
import { writePrivateFile } from '../../core/vault/write-private-file.js'
import { dirname } from 'node:path'
import { kitFormatFor, recoveryKitText } from '../../core/recovery-kit/kit-text.js'
import { defaultKitPath, keyFilePath, prepareKeyFolder, vaultDir } from '../locations.js'
import { note, out, printJson } from '../output.js'
import { askNewPassphrase } from '../passphrase.js'
import { secretGiven } from '../secrets-from-env.js'
import { acceptWeakPassphrase } from '../weak-passphrase.js'
import { checkOutputFile } from './input-file.js'
import { shown } from '../terminal-text.js'

export function registerInit(program: Command): void {
  program
    .command('init')
    .description('create a vault; shows the recovery kit once and saves it as a PDF to print (or text: --kit FILE.txt)')
    .option('--kit <file>', 'where to write the recovery kit: a PDF, or text when FILE ends in .txt (default: a PDF in recovery-kits/ in your MeVault config folder)', undefined)
    .option('--weak-passphrase-ok', 'use the passphrase even when it is weak (without it a weak one is refused, or asked about at a terminal)')
    .option('--json', 'print the recovery kit as JSON')
    .action(async (options: { kit?: string; json?: boolean; weakPassphraseOk?: boolean }, command: Command) => {
      const dir = vaultDir(command.optsWithGlobals().vault)
      // Checked before the vault exists: a kit that cannot be written must not leave a vault without one.
      const chosenKit = options.kit === undefined ? undefined : checkOutputFile(options.kit)
      const typed = !secretGiven('MEVAULT_PASSPHRASE')
      const passphrase = await askNewPassphrase('MEVAULT_PASSPHRASE')
      await acceptWeakPassphrase(passphrase, { weakOk: options.weakPassphraseOk === true, typed })
      const [{ parseSecretKey }, { writeKeyFile }, { Vault }, { recoveryKitPdf }] = await Promise.all([
        import('../../core/crypto/secret-key.js'),
        import('../../core/vault/key-file.js'),
        import('../../core/vault/vault.js'),
        import('../../core/recovery-kit/kit-pdf.js')
      ])
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
        const kit = kitFormatFor(kitFile) === 'text' ? recoveryKitText(recoveryKit, dir) : await recoveryKitPdf(recoveryKit)
        writePrivateFile(kitFile, kit, { replace: false })
        if (options.json) {
          printJson({ ...recoveryKit, vaultDir: dir, keyFile, kitFile })
        } else {
          out(`${recoveryKitText(recoveryKit, dir)}\n`)
          out(shown`Vault created in ${dir}` + '\n' + shown`This device's secret key is in ${keyFile}` + '\n')
        }
        note(shown`Recovery kit saved to ${kitFile}: print it, keep it safe, then delete the file.`)
      } finally {
        await vault.close()
      }
    })
}
