import type { Command } from 'commander'
import { parseTier } from '../../core/vault/tiers.js'
import { MeVaultError } from '../../shared/errors.js'
import { withVault } from '../open-vault.js'
import { note, out, printFields, printHistory, printJson, printValue } from '../output.js'
import { shown } from '../terminal-text.js'
import { readFieldValue } from '../value-input.js'

export function registerFields(program: Command): void {
  program
    .command('set <path> [value]')
    .description('set RECORD.FIELD; asks for the value (hidden) at a terminal, else reads it from stdin. A VALUE argument is still accepted but lands in shell history and `ps`')
    .option('--tier <tier>', 'private | restricted | public (a new field is private)')
    .option('--type <type>', 'text | number | date | email | phone | url | address | money')
    .option('--json', 'print the field as JSON')
    .action(async (path: string, value: string | undefined, options: { tier?: string; type?: string; json?: boolean }, command: Command) => {
      const { parseFieldType } = await import('../../core/vault/field-value.js')
      const tier = options.tier === undefined ? undefined : parseTier(options.tier)
      const type = options.type === undefined ? undefined : parseFieldType(options.type)
      const text = await readFieldValue(path, value)
      const field = await withVault(command.optsWithGlobals(), (vault) => vault.set(path, text, { tier, type }))
      if (options.json) printJson(field)
      else out(`Saved ${field.path} (${field.tier})\n`)
    })

  program
    .command('get <path>')
    .description('print the value of RECORD.FIELD')
    .option('--json', 'print the whole field as JSON')
    .action(async (path: string, options: { json?: boolean }, command: Command) => {
      const field = await withVault(command.optsWithGlobals(), (vault) => vault.get(path))
      if (options.json) printJson(field)
      else printValue(field.value)
    })

  program
    .command('tier <path> <tier>')
    .description('move RECORD.FIELD to another tier')
    .option('--json', 'print the field as JSON')
    .action(async (path: string, tier: string, options: { json?: boolean }, command: Command) => {
      const chosen = parseTier(tier)
      const field = await withVault(command.optsWithGlobals(), (vault) => vault.setTier(path, chosen))
      if (options.json) printJson(field)
      else out(`${field.path} is now ${field.tier}\n`)
    })

  program
    .command('rm <path>')
    .description('remove RECORD.FIELD (its history keeps the earlier values)')
    .action(async (path: string, _options: unknown, command: Command) => {
      await withVault(command.optsWithGlobals(), (vault) => vault.remove(path))
      out(shown`Removed ${path}\n`)
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
      out(field ? `Restored ${path} to version ${number}\n` : `Restored ${path} to version ${number} (removed)\n`)
    })

  program
    .command('list')
    .description('every field, by record')
    .option('--tier <tier>', 'only fields in this tier')
    .option('--json', 'print as JSON')
    .action(async (options: { tier?: string; json?: boolean }, command: Command) => {
      const tier = options.tier === undefined ? undefined : parseTier(options.tier)
      const { fields, damaged, pending } = await withVault(command.optsWithGlobals(), (vault) => vault.listWithDamage())
      const selected = tier ? fields.filter((f) => f.tier === tier) : fields
      if (options.json) printJson(selected)
      else printFields(selected)
      reportPending(pending)
      reportDamage(damaged)
    })

  program
    .command('search <text>')
    .description('fields whose label or value contains TEXT (ignores case and accents)')
    .option('--json', 'print as JSON')
    .action(async (text: string, options: { json?: boolean }, command: Command) => {
      const { fields: found, damaged, pending } = await withVault(command.optsWithGlobals(), (vault) => vault.searchWithDamage(text))
      if (options.json) printJson(found)
      else if (found.length === 0) out('No match\n')
      else printFields(found)
      reportPending(pending)
      reportDamage(damaged)
    })
}

/** Records a sync has not finished bringing: not an error, a note (the next sync completes them). */
function reportPending(pending: string[]): void {
  if (pending.length === 0) return
  const records = pending.length === 1 ? '1 record is' : `${pending.length} records are`
  process.stderr.write(`mevault: ${records} still arriving from a paired device; the next sync completes ${pending.length === 1 ? 'it' : 'them'}\n`)
}

function reportDamage(damaged: Array<{ record: string; message: string }>): void {
  if (damaged.length === 0) return
  for (const { record, message } of damaged) note(shown`mevault: record ${record} could not be read: ${message}`)
  throw new MeVaultError('INTEGRITY', `${damaged.length} record(s) are damaged; the rest is shown above`)
}
