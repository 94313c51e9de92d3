import type { Command } from 'commander'
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { createVaultService } from '../../core/service/index.js'
import { resolveVaultLocation } from '../../core/vault/locations.js'
import { startServer } from '../../server/index.js'
import { MeVaultError } from '../../shared/errors.js'
import { note } from '../output.js'

const RENDERER_DIR = resolve(import.meta.dirname, '..', '..', '..', 'out', 'renderer')

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('the app in your browser, served on 127.0.0.1 only, with a per-run token')
    .option('--port <n>', 'port (default: any free port)', '0')
    .action(async (options: { port: string }, command: Command) => {
      const port = Number(options.port)
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new MeVaultError('BAD_INPUT', '--port must be 0 to 65535')
      if (!existsSync(join(RENDERER_DIR, 'index.html'))) {
        throw new MeVaultError('NOT_FOUND', 'The UI is not built yet: run `npm run build` first')
      }
      const api = createVaultService(resolveVaultLocation({ vaultDir: command.optsWithGlobals().vault }))
      const server = await startServer({ api, port, rendererDir: RENDERER_DIR })
      process.stdout.write(`MeVault is at ${server.url}\n`)
      note('Open that address in your browser. Anyone with it can reach the app while this runs; Ctrl+C stops it.')
      await new Promise<void>((done) => {
        const stop = (): void => {
          process.off('SIGINT', stop)
          process.off('SIGTERM', stop)
          void api['vault.lock']()
            .finally(() => server.close())
            .finally(done)
        }
        process.on('SIGINT', stop)
        process.on('SIGTERM', stop)
      })
    })
}
