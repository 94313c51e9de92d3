import type { Command } from 'commander'
import { parseTier } from '../../core/vault/tiers.js'
import { MeVaultError } from '../../shared/errors.js'
import { withVault } from '../open-vault.js'
import { printFields, printHistory, printJson } from '../output.js'

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) throw new MeVaultError('BAD_INPUT', 'Give a VALUE, or pipe it on stdin')
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '')
}

export function registerFields(program: Command): void {
  program
    .command('set <path> [value]')
    .description('set RECORD.FIELD to VALUE (read from stdin when omitted, to keep it out of shell history)')
    .option('--tier <tier>', 'private | restricted | public (a new field is private)')
    .option('--type <type>', 'text | number | date | email | phone | url | address | money')
    .option('--json', 'print the field as JSON')
    .action(async (path: string, value: string | undefined, options: { tier?: string; type?: string; json?: boolean }, command: Command) => {
      const { parseFieldType } = await import('../../core/vault/field-value.js')
      const tier = options.tier === undefined ? undefined : parseTier(options.tier)
      const type = options.type === undefined ? undefined : parseFieldType(options.type)
      const text = value ?? (await readStdin())
      const field = await withVault(command.optsWithGlobals(), (vault) => vault.set(path, text, { tier, type }))
      if (options.json) printJson(field)
      else process.stdout.write(`Saved ${field.path} (${field.tier})\n`)
    })

  program
    .command('get <path>')
    .description('print the value of RECORD.FIELD')
    .option('--json', 'print the whole field as JSON')
    .action(async (path: string, options: { json?: boolean }, command: Command) => {
      const field = await withVault(command.optsWithGlobals(), (vault) => vault.get(path))
      if (options.json) printJson(field)
      else process.stdout.write(`${field.value}\n`)
    })

  program
    .command('tier <path> <tier>')
    .description('move RECORD.FIELD to another tier')
    .option('--json', 'print the field as JSON')
    .action(async (path: string, tier: string, options: { json?: boolean }, command: Command) => {
      const chosen = parseTier(tier)
      const field = await withVault(command.optsWithGlobals(), (vault) => vault.setTier(path, chosen))
      if (options.json) printJson(field)
      else process.stdout.write(`${field.path} is now ${field.tier}\n`)
    })

  program
    .command('rm <path>')
    .description('remove RECORD.FIELD (its history keeps the earlier values)')
    .action(async (path: string, _options: unknown, command: Command) => {
      await withVault(command.optsWithGlobals(), (vault) => vault.remove(path))
      process.stdout.write(`Removed ${path}\n`)
    })

  program
    .command('history <path>')
    .description('earlier values of RECORD.FIELD, with time and device')
    .option('--json', 'print as JSON')
    .action(async (path: string, options: { json?: boolean }, command: Command) => {
      const versions = await withVault(command.optsWithGlobals(), (vault) => vault.history(path))
      if (options.json) printJson(versions)
      else printHistory(versions)
    })

  program
    .command('restore <path> <version>')
    .description('make an earlier version (see `history`) current again')
    .action(async (path: string, version: string, _options: unknown, command: Command) => {
      const number = Number(version)
      if (!Number.isInteger(number) || number < 1) throw new MeVaultError('BAD_INPUT', 'VERSION is a number from `mevault history`')
      const field = await withVault(command.optsWithGlobals(), (vault) => vault.restore(path, number))
      process.stdout.write(field ? `Restored ${path} to version ${number}\n` : `Restored ${path} to version ${number} (removed)\n`)
    })

  program
    .command('list')
    .description('every field, by record')
    .option('--tier <tier>', 'only fields in this tier')
    .option('--json', 'print as JSON')
    .action(async (options: { tier?: string; json?: boolean }, command: Command) => {
      const tier = options.tier === undefined ? undefined : parseTier(options.tier)
      const { fields, damaged } = await withVault(command.optsWithGlobals(), (vault) => vault.listWithDamage())
      const shown = tier ? fields.filter((f) => f.tier === tier) : fields
      if (options.json) printJson(shown)
      else printFields(shown)
      reportDamage(damaged)
    })

  program
    .command('search <text>')
    .description('fields whose label or value contains TEXT (ignores case and accents)')
    .option('--json', 'print as JSON')
    .action(async (text: string, options: { json?: boolean }, command: Command) => {
      const { fields: found, damaged } = await withVault(command.optsWithGlobals(), (vault) => vault.searchWithDamage(text))
      if (options.json) printJson(found)
      else if (found.length === 0) process.stdout.write('No match\n')
      else printFields(found)
      reportDamage(damaged)
    })
}

function reportDamage(damaged: Array<{ record: string; message: string }>): void {
  if (damaged.length === 0) return
  for (const { record, message } of damaged) process.stderr.write(`mevault: record ${record} could not be read: ${message}\n`)
  throw new MeVaultError('INTEGRITY', `${damaged.length} record(s) are damaged; the rest is shown above`)
}
