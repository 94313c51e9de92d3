import type { Command } from 'commander'
import { existsSync, statSync } from 'node:fs'
import { resolve } from 'node:path'
import { writePrivateFile } from '../../core/vault/write-private-file.js'
import { MeVaultError } from '../../shared/errors.js'
import type { MeVaultApi } from '../../shared/api.js'
import type { VaultStatus } from '../../shared/types.js'
import { withApi } from '../connect.js'
import { note, out, printJson } from '../output.js'
import { shown } from '../terminal-text.js'
import { askNewPassphrase, askPassphrase } from '../passphrase.js'

export function registerVaultInfo(program: Command): void {
  program
    .command('status')
    .description('what the vault holds, by tier')
    .option('--json', 'print as JSON')
    .action(async (options: { json?: boolean }, command: Command) => {
      const status = await withApi(command.optsWithGlobals(), statusOf)
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
      const { did } = await withApi(command.optsWithGlobals(), statusOf)
      out(`${did}\n`)
    })

  program
    .command('passphrase')
    .description('change the passphrase (MEVAULT_PASSPHRASE = current, MEVAULT_NEW_PASSPHRASE = new, else prompts)')
    .action(async (_options: unknown, command: Command) => {
      await withApi(command.optsWithGlobals(), async (api, connection) => {
        // A holder that was already unlocked asked for no passphrase; the change needs the current one
        // all the same (someone at an unattended, unlocked machine must not lock its owner out).
        const current = connection.passphrase ?? (await askPassphrase())
        await api['vault.changePassphrase']({ current, next: await askNewPassphrase('MEVAULT_NEW_PASSPHRASE') })
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
      const data = await withApi(command.optsWithGlobals(), (api) => api['vault.export']())
      const text = `${JSON.stringify(data, null, 2)}\n`
      // A new 0600 file, put in place whole: an older 0644 file never holds the plaintext, and a
      // full disk leaves no half-written export.
      writePrivateFile(file, text, { replace: options.force === true })
      note(shown`Warning: ${file} holds your data in PLAINTEXT. Move it somewhere safe and delete it when done.`)
      out(shown`Exported ${data.fields.length} fields to ${file}` + '\n')
    })
}

/** What the vault holds: the API states it while unlocked, and connecting unlocks it. */
async function statusOf(api: MeVaultApi): Promise<VaultStatus> {
  const { status } = await api['vault.state']()
  if (!status) throw new MeVaultError('LOCKED', 'The vault is locked')
  return status
}
