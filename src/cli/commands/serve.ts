import type { Command } from 'commander'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { resolveVaultLocation } from '../../core/vault/locations.js'
import { MeVaultError } from '../../shared/errors.js'
import { note } from '../output.js'
import { untilStopped } from '../watch-parent.js'
import { openHolderDoor } from '../holder-door.js'
import { vaultDir } from '../locations.js'
import { projectRoot } from '../project-root.js'

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('the app in your browser, served on 127.0.0.1 only, with a per-run token')
    .option('--port <n>', 'port (default: any free port)', '0')
    .option('--lock-after <minutes>', 'lock the vault after this long without use, even with the page closed (0: never)', '15')
    .action(async (options: { port: string; lockAfter: string }, command: Command) => {
      const port = Number(options.port)
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new MeVaultError('BAD_INPUT', '--port must be 0 to 65535')
      const lockAfter = Number(options.lockAfter)
      if (!(lockAfter >= 0 && lockAfter <= 24 * 60)) throw new MeVaultError('BAD_INPUT', '--lock-after must be 0 to 1440 minutes')
      const rendererDir = join(projectRoot(), 'out', 'renderer')
      if (!existsSync(join(rendererDir, 'index.html'))) {
        throw new MeVaultError('NOT_FOUND', 'The UI is not built yet: run `npm run build` first')
      }
      const [{ withIdleLock }, { startEngine }, { startServer }] = await Promise.all([
        import('../../core/service/idle-lock.js'),
        import('../../core/engine/host.js'),
        import('../../server/index.js')
      ])
      // The vault runs in a worker thread, ended on every lock (so its memory goes back); a fresh
      // one waits for the next unlock.
      const service = startEngine(resolveVaultLocation({ vaultDir: command.optsWithGlobals().vault }), { spare: true })
      const api = lockAfter > 0 ? withIdleLock(service, lockAfter * 60_000) : service
      const server = await startServer({ api, events: service, port, rendererDir })
      const door = await openHolderDoor(api, vaultDir(command.optsWithGlobals().vault), service)
      process.stdout.write(`MeVault is at ${server.url}\n`)
      note('Open that address in your browser: it signs in once, then the app is at the address without the token.')
      note('Ctrl+C stops it; so does ending the command that started it.')
      if (lockAfter > 0) note(`The vault locks after ${lockAfter} minute(s) without use, even if the page is closed (--lock-after).`)
      await untilStopped(() =>
        door
          .close()
          .then(() => api['vault.lock']())
          .finally(() => server.close())
      )
    })
}
