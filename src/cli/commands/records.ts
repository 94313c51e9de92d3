import type { Command } from 'commander'
import { withApi } from '../connect.js'
import { linePrompt } from '../line-prompt.js'
import { out, printJson } from '../output.js'
import { shown } from '../terminal-text.js'
import { readStdin } from '../value-input.js'

/** `mevault record rename RECORD`: a name of the person's own for a record ("Passport"); the key stays. */
export function registerRecords(program: Command): void {
  const record = program.command('record').description("a record's name: how it is shown; its key (in every path) never changes")

  record
    .command('rename <record>')
    .description('give RECORD a name of your own, e.g. "Passport" (asked at a terminal, else read from stdin: never from the command line, which lands in shell history); an empty name shows it by its key again')
    .option('--json', 'print the record and its name as JSON')
    .action(async (key: string, options: { json?: boolean }, command: Command) => {
      // A name is personal data: it is asked for, or piped in, never taken from argv (shell history, `ps`).
      const name = process.stdin.isTTY ? await linePrompt(shown`Name for ${key} (empty: no name)`) : await readStdin()
      const renamed = await withApi(command.optsWithGlobals(), (api) => api['records.rename']({ record: key, name }))
      if (options.json) return printJson(renamed)
      out(renamed.name === undefined ? shown`${renamed.record} has no name now: it is shown by its key\n` : shown`${renamed.record} is now named ${renamed.name}\n`)
    })
}
