import type { Command } from 'commander'
import { MeVaultError } from '../../shared/errors.js'
import { withApi } from '../connect.js'
import { out, printJson } from '../output.js'
import { shown } from '../terminal-text.js'

/** `mevault claims` and `mevault claim`: the shared vocabulary requests ask by, and tagging fields with it. */
export function registerClaims(program: Command): void {
  program
    .command('claims')
    .description('list the claims requests can ask for (the shared vocabulary), and which field carries each')
    .option('--json', 'print as JSON')
    .action(async (options: { json?: boolean }, command: Command) => {
      const claims = await withApi(command.optsWithGlobals(), (api) => api['claims.list']())
      if (options.json) return printJson(claims)
      const width = Math.max(...claims.map((c) => c.name.length))
      for (const claim of claims) {
        const carried = claim.field === undefined ? '' : shown`  ← ${claim.field}`
        out(`${claim.name.padEnd(width)}  ${claim.label} (${claim.type}, ${claim.tier})${carried}\n`)
      }
    })

  program
    .command('claim <path> [name]')
    .description('tag RECORD.FIELD with a claim (see `mevault claims`), so requests asking for it find this field; --none removes its claim')
    .option('--none', 'remove the claim the field carries')
    .option('--json', 'print the field as JSON')
    .action(async (path: string, name: string | undefined, options: { none?: boolean; json?: boolean }, command: Command) => {
      if (Boolean(options.none) === (name !== undefined)) {
        throw new MeVaultError('BAD_INPUT', 'Give a claim name, or --none to remove the claim (not both)')
      }
      const field = await withApi(command.optsWithGlobals(), (api) => api['fields.claim']({ path, claim: name ?? null }))
      if (options.json) return printJson(field)
      out(field.claim === undefined ? shown`${field.path} carries no claim\n` : shown`${field.path} now answers for ${field.claim}\n`)
    })
}
