import { Command, CommanderError } from 'commander'
import { asStorageFault, isMeVaultError } from '../shared/errors.js'
import { registerBackup } from './commands/backup.js'
import { registerClaims } from './commands/claims.js'
import { registerFields } from './commands/fields.js'
import { registerImport } from './commands/import.js'
import { registerInit } from './commands/init.js'
import { registerKey } from './commands/key.js'
import { registerLedger } from './commands/ledger.js'
import { registerPacket } from './commands/packet.js'
import { registerPolicy } from './commands/policy.js'
import { registerRequest } from './commands/request.js'
import { registerRequester } from './commands/requester.js'
import { registerDevices } from './commands/devices.js'
import { registerPair } from './commands/pair.js'
import { registerRecords } from './commands/records.js'
import { registerSync } from './commands/sync.js'
import { registerServe } from './commands/serve.js'
import { registerVaultInfo } from './commands/vault-info.js'
import { EXIT, exitCodeFor } from './exit-codes.js'
import { OutputClosed, watchOutput } from './output.js'
import { takeSecretsFromEnvironment } from './secrets-from-env.js'
import { escapeBlock, escapeForTerminal } from './terminal-text.js'

function buildProgram(): Command {
  const program = new Command()
    .name('mevault')
    .description('MeVault: your personal data, encrypted on your own machines.')
    .option('--vault <dir>', 'vault folder (default: $MEVAULT_HOME, else the app-data folder)')
    .exitOverride()
    // Commander echoes what was typed ("unknown command '…'"); that text may come from anywhere.
    .configureOutput({
      writeOut: (text) => process.stdout.write(escapeBlock(text)),
      writeErr: (text) => process.stderr.write(escapeBlock(text))
    })
    .showHelpAfterError('(run `mevault --help` for usage)')
  registerInit(program)
  registerVaultInfo(program)
  registerFields(program)
  registerImport(program)
  registerClaims(program)
  registerRecords(program)
  registerKey(program)
  registerBackup(program)
  registerServe(program)
  registerRequest(program)
  registerPacket(program)
  registerLedger(program)
  registerPolicy(program)
  registerPair(program)
  registerDevices(program)
  registerSync(program)
  registerRequester(program)
  return program
}

/** Runs the CLI; returns the exit code. Known errors print one clear line, never a stack trace. */
export async function main(argv: string[]): Promise<number> {
  takeSecretsFromEnvironment()
  watchOutput()
  try {
    await buildProgram().parseAsync(argv, { from: 'user' })
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.OK
  } catch (thrown) {
    // A full disk or a read-only medium is the person's to fix, not a bug: its own code and line.
    const error = asStorageFault(thrown)
    if (error instanceof OutputClosed) return EXIT.UNEXPECTED // said when stdout closed
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? EXIT.OK : EXIT.BAD_INPUT
    }
    if (isMeVaultError(error)) {
      // One line, whatever foreign text (a requester's header, an address in a code) it quotes.
      process.stderr.write(`mevault: ${escapeForTerminal(error.message)}\n`)
      return exitCodeFor(error.code)
    }
    if ((error as { name?: string }).name === 'ExitPromptError') {
      process.stderr.write('mevault: cancelled\n')
      return EXIT.BAD_INPUT
    }
    process.stderr.write(`mevault: unexpected error: ${escapeForTerminal((error as Error).message ?? String(error))}\n`)
    if (process.env.MEVAULT_DEBUG) process.stderr.write(`${escapeBlock(String((error as Error).stack))}\n`)
    return EXIT.UNEXPECTED
  }
}
