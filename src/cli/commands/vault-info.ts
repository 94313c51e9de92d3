import type { Command } from 'commander'
import { existsSync, writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { MeVaultError } from '../../shared/errors.js'
import { withVault } from '../open-vault.js'
import { note, printJson } from '../output.js'
import { askNewPassphrase } from '../passphrase.js'

export function registerVaultInfo(program: Command): void {
  program
    .command('status')
    .description('what the vault holds, by tier')
    .option('--json', 'print as JSON')
    .action(async (options: { json?: boolean }, command: Command) => {
      const status = await withVault(command.optsWithGlobals(), (vault) => vault.status())
      if (options.json) return printJson(status)
      process.stdout.write(
        [
          `Vault     ${status.vaultId}`,
          `Identity  ${status.did}`,
          `Device    ${status.device}`,
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
      process.stdout.write(`${did}\n`)
    })

  program
    .command('passphrase')
    .description('change the passphrase (MEVAULT_PASSPHRASE = current, MEVAULT_NEW_PASSPHRASE = new, else prompts)')
    .action(async (_options: unknown, command: Command) => {
      await withVault(command.optsWithGlobals(), async (vault) => {
        await vault.changePassphrase(await askNewPassphrase('MEVAULT_NEW_PASSPHRASE'))
      })
      process.stdout.write('Passphrase changed. Your secret key and recovery kit stay the same.\n')
    })

  program
    .command('export')
    .description('write everything, decrypted, as JSON (a plaintext file: keep it safe)')
    .requiredOption('--out <file>', 'where to write the export')
    .option('--force', 'replace an existing file')
    .action(async (options: { out: string; force?: boolean }, command: Command) => {
      const out = resolve(options.out)
      if (existsSync(out) && !options.force) throw new MeVaultError('EXISTS', `${out} exists (use --force to replace it)`)
      const data = await withVault(command.optsWithGlobals(), (vault) => vault.export())
      writeFileSync(out, `${JSON.stringify(data, null, 2)}\n`, { mode: 0o600 })
      note(`Warning: ${out} holds your data in PLAINTEXT. Move it somewhere safe and delete it when done.`)
      process.stdout.write(`Exported ${data.fields.length} fields to ${out}\n`)
    })
}
