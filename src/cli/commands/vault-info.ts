import type { Command } from 'commander'
import { existsSync, statSync } from 'node:fs'
import { resolve } from 'node:path'
import { writePrivateFile } from '../../core/vault/write-private-file.js'
import { MeVaultError } from '../../shared/errors.js'
import { withVault } from '../open-vault.js'
import { note, out, printJson } from '../output.js'
import { shown } from '../terminal-text.js'
import { askNewPassphrase } from '../passphrase.js'

export function registerVaultInfo(program: Command): void {
  program
    .command('status')
    .description('what the vault holds, by tier')
    .option('--json', 'print as JSON')
    .action(async (options: { json?: boolean }, command: Command) => {
      const status = await withVault(command.optsWithGlobals(), (vault) => vault.status())
      if (options.json) return printJson(status)
      out(
        [
          `Vault     ${status.vaultId}`,
          `Identity  ${status.did}`,
          shown`Device    ${status.device}`,
          `Records   ${status.records}`,
          `Fields    ${status.fields}: ${status.tiers.private} private, ${status.tiers.restricted} restricted, ${status.tiers.public} public`,
          ''
        ].join('\n')
      )
    })

  program
    .command('whoami')
    .description("print the person's identity (did:key)")
    .action(async (_options: unknown, command: Command) => {
      const did = await withVault(command.optsWithGlobals(), async (vault) => vault.did)
      out(`${did}\n`)
    })

  program
    .command('passphrase')
    .description('change the passphrase (MEVAULT_PASSPHRASE = current, MEVAULT_NEW_PASSPHRASE = new, else prompts)')
    .action(async (_options: unknown, command: Command) => {
      await withVault(command.optsWithGlobals(), async (vault) => {
        await vault.changePassphrase(await askNewPassphrase('MEVAULT_NEW_PASSPHRASE'))
      })
      out('Passphrase changed. Your secret key and recovery kit stay the same.\n')
    })

  program
    .command('export')
    .description('write everything, decrypted, as JSON (a plaintext file: keep it safe)')
    .requiredOption('--out <file>', 'where to write the export')
    .option('--force', 'replace an existing file')
    .action(async (options: { out: string; force?: boolean }, command: Command) => {
      const file = resolve(options.out)
      if (existsSync(file) && !options.force) throw new MeVaultError('EXISTS', `${file} exists (use --force to replace it)`)
      if (existsSync(file) && !statSync(file).isFile()) throw new MeVaultError('BAD_INPUT', `${file} is not a file`)
      const data = await withVault(command.optsWithGlobals(), (vault) => vault.export())
      const text = `${JSON.stringify(data, null, 2)}\n`
      // A new 0600 file, put in place whole: an older 0644 file never holds the plaintext, and a
      // full disk leaves no half-written export.
      writePrivateFile(file, text, { replace: options.force === true })
      note(shown`Warning: ${file} holds your data in PLAINTEXT. Move it somewhere safe and delete it when done.`)
      out(shown`Exported ${data.fields.length} fields to ${file}` + '\n')
    })
}
