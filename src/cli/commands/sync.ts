import type { Command } from 'commander'
import { resolve } from 'node:path'
import { MeVaultError } from '../../shared/errors.js'
import type { SyncLogger } from '../../core/sync/peer-trust.js'
import { EXIT } from '../exit-codes.js'
import { withVault } from '../open-vault.js'
import { withApi } from '../connect.js'
import { openHolderDoor } from '../holder-door.js'
import { vaultDir } from '../locations.js'
import { note, noteLine, out, printJson } from '../output.js'
import { shown } from '../terminal-text.js'

/** Connection lines go to stderr; they name devices by id and key fingerprint, never by content. */
const stderrLines: SyncLogger = {
  info: noteLine,
  warn: noteLine
}

export function parsePeer(text: string): { host: string; port: number } {
  const match = /^(.+):(\d{1,5})$/.exec(text.trim())
  const port = Number(match?.[2])
  if (!match || port < 1 || port > 65535) throw new MeVaultError('BAD_INPUT', `--peer must be HOST:PORT (got "${text}")`)
  return { host: match[1]!.replace(/^\[(.*)\]$/, '$1'), port }
}

export function parsePort(text: string): number {
  const port = Number(text)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new MeVaultError('BAD_INPUT', '--port must be 0 to 65535')
  return port
}

/** Resolves on Ctrl+C or SIGTERM. */
export const untilStopped = (): Promise<void> =>
  new Promise((done) => {
    const stop = (): void => {
      process.off('SIGINT', stop)
      process.off('SIGTERM', stop)
      done()
    }
    process.on('SIGINT', stop)
    process.on('SIGTERM', stop)
  })

export function registerSync(program: Command): void {
  const sync = program.command('sync').description("sync this vault with the person's other paired devices")

  sync
    .command('serve')
    .description('listen for paired devices and sync with them until Ctrl+C')
    .option('--host <address>', 'address to listen on (0.0.0.0 for other machines)', '127.0.0.1')
    .option('--port <n>', 'port (default: any free port)', '0')
    .option('--invite', 'also print a one-time invitation code (valid 10 minutes) for a new machine')
    .action(async (options: { host: string; port: string; invite?: boolean }, command: Command) => {
      const port = parsePort(options.port)
      const [{ serveSync }, { openInvitation }, { serviceForOpenVault }] = await Promise.all([
        import('../../core/sync/sync-session.js'),
        import('../../core/pairing/invitation.js'),
        import('../../core/service/open-vault-service.js')
      ])
      await withVault(command.optsWithGlobals(), async (vault) => {
        const server = await serveSync(vault, { host: options.host, port, logger: stderrLines })
        // Other `mevault` commands reach the vault through this process while it holds it open.
        const service = serviceForOpenVault(vault, '`mevault sync serve`', { listener: server })
        const door = await openHolderDoor(service, vaultDir(command.optsWithGlobals().vault), service)
        out(shown`Syncing with paired devices on ${server.host}:${server.port}` + ' (Ctrl+C stops)\n')
        const invitation = options.invite
          ? await openInvitation(vault, { host: options.host, syncPort: server.port, logger: stderrLines })
          : undefined
        if (invitation) {
          out(`Invitation: ${invitation.code}\n`)
          void invitation.joined.then((device) => {
            if (device) note(shown`pair: device ${device.id} joined; it syncs here next`)
            return invitation.close()
          })
        }
        try {
          await untilStopped()
        } finally {
          await door.close()
          await service.close()
          await invitation?.close()
          await server.close()
        }
      })
    })

  sync
    .command('folder <dir>')
    .description('exchange encrypted change files through a folder kept in step by something else (Syncthing, a cloud drive, a USB stick)')
    .option('--json', 'print what changed as JSON')
    .action(async (dir: string, options: { json?: boolean }, command: Command) => {
      // Through a holder (the app, `serve`, `sync serve`), the holder reads and writes the folder: the vault it shows gets the changes.
      const result = await withApi(command.optsWithGlobals(), (api) => api['devices.syncFolder']({ folder: resolve(dir) }))
      // Each file skipped or refused, with why: what a person looks into (names are escaped by the core).
      for (const line of result.lines) noteLine(line)
      // A script learns that files were left unread; stderr named each, with why.
      if (result.skipped > 0) process.exitCode = EXIT.SKIPPED
      const { description, skippedDescription, lines: _named, ...summary } = result
      if (options.json) return printJson(summary)
      const also = skippedDescription ? `; ${skippedDescription}: see the lines above` : ''
      out(shown`Read ${summary.read} and wrote ${summary.written} files in ${dir}: ${description}` + also + '\n')
    })

  sync
    .command('now')
    .description('sync with a paired device running `mevault sync serve`, then exit')
    .requiredOption('--peer <host:port>', "the other device's address")
    .option('--json', 'print what changed as JSON')
    .action(async (options: { peer: string; json?: boolean }, command: Command) => {
      parsePeer(options.peer) // the clear --peer message, before any passphrase is asked
      const started = Date.now()
      // Through a holder (the app, `serve`, `sync serve`), the holder syncs: the vault it shows gets the changes.
      const result = await withApi(command.optsWithGlobals(), (api) => api['devices.syncNow']({ peer: options.peer }))
      if (options.json) return printJson({ ...result, ms: Date.now() - started })
      out(shown`In step with ${options.peer}: ${result.description}` + '\n')
    })
}
