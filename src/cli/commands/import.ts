import { existsSync, readFileSync, statSync } from 'node:fs'
import { basename, resolve } from 'node:path'
import type { Command } from 'commander'
import { parseTier } from '../../core/vault/tiers.js'
import { MeVaultError, notFound } from '../../shared/errors.js'
import type { ImportPlan, ImportResult } from '../../shared/import-plan.js'
import { withApi } from '../connect.js'
import { note, out, printJson } from '../output.js'
import { shown } from '../terminal-text.js'
import { importLines } from './import-lines.js'

/** As src/core/import/import-input.ts's MAX_IMPORT_BYTES (a holder's transports carry 1 MiB a call). */
const MAX_IMPORT_BYTES = 16 * 1024 * 1024

export function registerImport(program: Command): void {
  program
    .command('import <file>')
    .description('bring fields in from a vCard, a CSV, a MeVault/Bitwarden JSON export or a 1Password 1PUX (docs/import.md); all or nothing')
    .option('--format <format>', 'vcard | csv | json | bitwarden | 1pux (else told from the file name and content)')
    .option('--map <pairs>', 'CSV: COLUMN=CLAIM or COLUMN=RECORD.FIELD, comma-separated ("-" leaves a column out)')
    .option('--tier <tier>', 'private | restricted | public (imported fields are private unless given)')
    .option('--card <n>', 'vCard address book: import card N (1 is the first)')
    .option('--replace', 'replace the value of a field that holds a different one (a conflict)')
    .option('--keep', 'keep the value a conflicting field holds (the default)')
    .option('--dry-run', 'show what would be imported, and write nothing')
    .option('--json', 'print the plan and the result as JSON (paths and counts, never values)')
    .action(async (file: string, options: ImportOptions, command: Command) => {
      if (options.replace && options.keep) throw new MeVaultError('BAD_INPUT', 'Give --replace or --keep, not both')
      const tier = options.tier === undefined ? undefined : parseTier(options.tier)
      const card = options.card === undefined ? undefined : cardNumber(options.card)
      const map = options.map === undefined ? undefined : (await import('../../core/import/column-map.js')).parseColumnMap(options.map)
      const bytes = readImportFile(file)
      const text = utf8(bytes)
      const input = {
        fileName: basename(file),
        ...(text === undefined ? { content: bytes.toString('base64'), encoding: 'base64' as const } : { content: text }),
        ...(options.format === undefined ? {} : { format: options.format as 'vcard' }),
        ...(map ? { map } : {}),
        ...(tier ? { tier } : {}),
        ...(card ? { card } : {})
      }
      const progress = (line: string): void => void (process.stderr.isTTY && note(line))
      const { plan, result } = await withApi(command.optsWithGlobals(), async (api) => {
        progress(shown`Reading ${basename(file)}…`)
        const plan = await api['import.preview'](input)
        if (options.dryRun) return { plan, result: undefined }
        progress(`Writing ${plan.counts.new + (options.replace ? plan.counts.conflict : 0)} fields…`)
        const result = await api['import.apply']({ ...input, conflicts: options.replace ? 'replace' : 'keep' })
        return { plan, result }
      })
      if (options.json) printJson(jsonReport(plan, result))
      else out(importLines(basename(file), plan, result, options.replace === true))
    })
}

interface ImportOptions {
  format?: string
  map?: string
  tier?: string
  card?: string
  replace?: boolean
  keep?: boolean
  dryRun?: boolean
  json?: boolean
}

function cardNumber(text: string): number {
  const n = Number(text)
  if (!Number.isInteger(n) || n < 1) throw new MeVaultError('BAD_INPUT', '--card is a card number, 1 for the first')
  return n
}

function readImportFile(path: string): Buffer {
  const full = resolve(path)
  if (!existsSync(full)) throw notFound(`No file at ${full}`)
  const stat = statSync(full)
  if (!stat.isFile()) throw new MeVaultError('BAD_INPUT', `${full} is not a file`)
  if (stat.size > MAX_IMPORT_BYTES) throw new MeVaultError('BAD_INPUT', `${full} is ${stat.size} bytes; an import reads at most 16 MiB`)
  if (stat.size === 0) throw new MeVaultError('BAD_INPUT', `${full} is empty`)
  return readFileSync(full)
}

/** The file as text when it is UTF-8 (a zip such as a 1PUX is not, and goes as base64). */
function utf8(bytes: Buffer): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    return undefined
  }
}

/** Paths, statuses, claims and counts: never a value (stdout may be a log). */
function jsonReport(plan: ImportPlan, result: ImportResult | undefined): unknown {
  return {
    format: plan.format,
    dryRun: result === undefined,
    counts: plan.counts,
    records: plan.records.length,
    fields: plan.items.map(({ path, type, tier, claim, status, source }) => ({ path, type, tier, ...(claim ? { claim } : {}), status, source })),
    skipped: plan.skipped,
    ...(plan.columns ? { columns: plan.columns } : {}),
    ...(result ? { result } : {})
  }
}
