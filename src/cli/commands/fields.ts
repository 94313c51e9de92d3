import { restoreBackupFile } from './backup.js'
import type { Command } from 'commander'
import { parseTier } from '../../core/vault/tiers.js'
import { MeVaultError } from '../../shared/errors.js'
import type { MeVaultApi } from '../../shared/api.js'
import { MAX_PAGE_LIMIT } from '../../shared/api-limits.js'
import type { FieldView, Tier } from '../../shared/types.js'
import { withApi } from '../connect.js'
import { note, out, printFields, printHistory, printJson, printValue, startJsonArray } from '../output.js'
import { shown } from '../terminal-text.js'
import { readFieldValue } from '../value-input.js'

export function registerFields(program: Command): void {
  program
    .command('set <path> [value]')
    .description('set RECORD.FIELD; asks for the value (hidden) at a terminal, else reads it from stdin. A VALUE argument is still accepted but lands in shell history and `ps`')
    .option('--tier <tier>', 'private | restricted | public (a new field is private)')
    .option('--type <type>', 'text | number | date | email | phone | url | address | money')
    .option('--claim <name>', 'also tag the field with this claim of the shared vocabulary (`mevault claims` lists them)')
    .option('--json', 'print the field as JSON')
    .action(async (path: string, value: string | undefined, options: { tier?: string; type?: string; claim?: string; json?: boolean }, command: Command) => {
      const tier = options.tier === undefined ? undefined : parseTier(options.tier)
      // Loaded only for --type: it brings zod, which a `set` through a holder's door has no other use for.
      const type = options.type === undefined ? undefined : (await import('../../core/vault/field-value.js')).parseFieldType(options.type)
      const text = await readFieldValue(path, value)
      const field = await withApi(command.optsWithGlobals(), (api) => api['fields.set']({ path, value: text, tier, type, claim: options.claim }))
      if (options.json) printJson(field)
      else out(shown`Saved ${field.path} (${field.tier}${field.claim === undefined ? '' : `, ${field.claim}`})` + '\n')
    })

  program
    .command('get <path>')
    .description('print the value of RECORD.FIELD')
    .option('--json', 'print the whole field as JSON')
    .action(async (path: string, options: { json?: boolean }, command: Command) => {
      const field = await withApi(command.optsWithGlobals(), (api) => api['fields.get']({ path }))
      if (options.json) printJson(field)
      else printValue(field.value)
    })

  program
    .command('tier <path> <tier>')
    .description('move RECORD.FIELD to another tier')
    .option('--json', 'print the field as JSON')
    .action(async (path: string, tier: string, options: { json?: boolean }, command: Command) => {
      const chosen = parseTier(tier)
      const field = await withApi(command.optsWithGlobals(), (api) => api['fields.setTier']({ path, tier: chosen }))
      if (options.json) printJson(field)
      else out(`${field.path} is now ${field.tier}\n`)
    })

  program
    .command('rm <path>')
    .description('remove RECORD.FIELD (its history keeps the earlier values)')
    .action(async (path: string, _options: unknown, command: Command) => {
      await withApi(command.optsWithGlobals(), (api) => api['fields.remove']({ path }))
      out(shown`Removed ${path}\n`)
    })

  program
    .command('history <path>')
    .description('earlier values of RECORD.FIELD, with time and device')
    .option('--json', 'print as JSON')
    .action(async (path: string, options: { json?: boolean }, command: Command) => {
      const versions = await withApi(command.optsWithGlobals(), (api) => api['fields.history']({ path }))
      if (options.json) printJson(versions)
      else printHistory(versions)
    })

  program
    .command('restore <path-or-backup> [version]')
    .description('RECORD.FIELD VERSION: make an earlier version (see `history`) current again; FILE: restore a backup (`mevault backup`) into an empty vault folder')
    .option('--json', 'a backup restored: print what was restored as JSON')
    .action(async (path: string, version: string | undefined, options: { json?: boolean }, command: Command) => {
      // One name, two commands told apart by their arguments: a field's version, or a whole backup file.
      if (version === undefined) return restoreBackupFile(path, options, command)
      const number = Number(version)
      if (!Number.isInteger(number) || number < 1) throw new MeVaultError('BAD_INPUT', 'VERSION is a number from `mevault history`')
      const field = await withApi(command.optsWithGlobals(), (api) => api['fields.restore']({ path, version: number }))
      out(field ? `Restored ${path} to version ${number}\n` : `Restored ${path} to version ${number} (removed)\n`)
    })

  program
    .command('list')
    .description('every field, by record')
    .option('--tier <tier>', 'only fields in this tier')
    .option('--json', 'print as JSON')
    .action(async (options: { tier?: string; json?: boolean }, command: Command) => {
      const tier = options.tier === undefined ? undefined : parseTier(options.tier)
      if (options.json) {
        const { damaged, pending } = await withApi(command.optsWithGlobals(), (api) => streamJson(api, { tier }))
        reportPending(pending)
        return reportDamage(damaged)
      }
      const { fields, damaged, pending } = await withApi(command.optsWithGlobals(), (api) => allPages(api, { tier }))
      printFields(fields)
      reportPending(pending)
      reportDamage(damaged)
    })

  program
    .command('search <text>')
    .description('fields whose label or value contains TEXT (ignores case and accents)')
    .option('--json', 'print as JSON')
    .action(async (text: string, options: { json?: boolean }, command: Command) => {
      // The same check `fields.search` makes: a query of spaces alone is no search.
      const checked = async (api: MeVaultApi): Promise<void> => void (text.trim() === '' && (await api['fields.search']({ text })))
      if (options.json) {
        const { damaged, pending } = await withApi(command.optsWithGlobals(), async (api) => {
          await checked(api)
          return streamJson(api, { query: text })
        })
        reportPending(pending)
        return reportDamage(damaged)
      }
      const { fields: found, damaged, pending } = await withApi(command.optsWithGlobals(), async (api) => {
        await checked(api)
        return allPages(api, { query: text })
      })
      if (found.length === 0) out('No match\n')
      else printFields(found)
      reportPending(pending)
      reportDamage(damaged)
    })
}

interface PagesRead {
  damaged: Array<{ record: string; message: string }>
  pending: number
}

/** Every matching field, a page at a time (the API never sends a whole vault in one answer), handed to `take` as it comes. */
async function eachPage(api: MeVaultApi, filter: { query?: string; tier?: Tier }, take: (fields: FieldView[]) => void | Promise<void>): Promise<PagesRead> {
  let seen = 0
  for (;;) {
    const page = await api['fields.page']({ ...filter, offset: seen, limit: MAX_PAGE_LIMIT })
    await take(page.fields)
    seen += page.fields.length
    if (page.fields.length === 0 || seen >= page.total) return { damaged: page.damaged, pending: page.pending }
  }
}

/** Every matching field in one array: a table needs them all to line its columns up. */
async function allPages(api: MeVaultApi, filter: { query?: string; tier?: Tier }): Promise<PagesRead & { fields: FieldView[] }> {
  const fields: FieldView[] = []
  const read = await eachPage(api, filter, (page) => void fields.push(...page))
  return { fields, ...read }
}

/** Every matching field as one JSON array on stdout, written page by page (see startJsonArray). */
async function streamJson(api: MeVaultApi, filter: { query?: string; tier?: Tier }): Promise<PagesRead> {
  const json = startJsonArray()
  const read = await eachPage(api, filter, (page) => json.write(page))
  json.end()
  return read
}

/** Records a sync has not finished bringing: not an error, a note (the next sync completes them). */
function reportPending(pending: number): void {
  if (pending === 0) return
  const records = pending === 1 ? '1 record is' : `${pending} records are`
  process.stderr.write(`mevault: ${records} still arriving from a paired device; the next sync completes ${pending === 1 ? 'it' : 'them'}\n`)
}

function reportDamage(damaged: Array<{ record: string; message: string }>): void {
  if (damaged.length === 0) return
  for (const { record, message } of damaged) note(shown`mevault: record ${record} could not be read: ${message}`)
  throw new MeVaultError('INTEGRITY', `${damaged.length} record(s) are damaged; the rest is shown above`)
}
