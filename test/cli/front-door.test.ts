import { spawn } from 'node:child_process'
import { existsSync, lstatSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import { EXIT } from '../../src/cli/exit-codes.js'
import { startCli } from '../helpers/cli-process.js'
import { cliSandbox } from '../helpers/cli.js'
import { heavyLoaded } from './loaded-packages.js'
import { startServe } from './serve-fixture.js'

/** CLI runs that unlock (Argon2id, 64 MiB) and start holders: minutes on a busy machine. */
const CLI_RUNS = 900_000
const PASSPHRASE = 'correct horse battery staple'
const MODULE_LOG_HOOK = pathToFileURL(join(import.meta.dirname, '..', 'helpers', 'log-module-loads.mjs')).href
/** What a command through the door never needs: the holder has the vault open, and checks every input. */
const VAULT_ENGINE = ['better-sqlite3', 'libsodium-wrappers-sumo', '@automerge/', 'zod']

describe('the CLI while another MeVault process holds the vault', () => {
  it('works through a running `mevault serve`: what it sets, the page lists', async () => {
    const cli = cliSandbox(PASSPHRASE)
    expect(cli.run(['init']).code).toBe(EXIT.OK)
    const serve = await startServe(cli.env, cli.root)
    try {
      expect((await serve.call('vault.unlock', { passphrase: PASSPHRASE })).ok).toBe(true)
      // Without the front door this is "busy": serve holds the vault's lock while unlocked.
      expect(cli.run(['set', 'contact.email', 'ada@example.org', '--type', 'email'])).toMatchObject({ code: EXIT.OK, stdout: 'Saved contact.email (private)\n' })
      expect(cli.run(['get', 'contact.email'])).toMatchObject({ code: EXIT.OK, stdout: 'ada@example.org\n' })
      const listed = await serve.call('fields.list')
      expect(listed).toMatchObject({ ok: true, value: [{ path: 'contact.email', value: 'ada@example.org' }] })
      // Errors keep their exit codes across the door.
      expect(cli.run(['get', 'contact.nothing']).code).toBe(EXIT.NOT_FOUND)
      // The socket: 0600, in the vault folder (0700).
      const socket = join(cli.vaultDir, 'front-door.sock')
      expect(lstatSync(socket).isSocket()).toBe(true)
      expect([statSync(socket).mode & 0o777, statSync(cli.vaultDir).mode & 0o777]).toEqual([0o600, 0o700])
    } finally {
      expect(await serve.stop()).toBe(0)
    }
    // The holder took its door away with it; the CLI opens the vault itself again.
    expect(existsSync(join(cli.vaultDir, 'front-door.sock'))).toBe(false)
    expect(cli.run(['get', 'contact.email']).stdout).toBe('ada@example.org\n')
  }, CLI_RUNS)

  it('unlocks a locked `mevault serve` with the passphrase, which then stays unlocked for the page', async () => {
    const cli = cliSandbox(PASSPHRASE)
    expect(cli.run(['init']).code).toBe(EXIT.OK)
    const serve = await startServe(cli.env, cli.root)
    try {
      expect(cli.run(['list'], { MEVAULT_PASSPHRASE: 'not the passphrase' })).toMatchObject({ code: EXIT.WRONG_CREDENTIALS, stderr: 'mevault: Wrong passphrase\n' })
      expect(await serve.call('vault.state')).toMatchObject({ value: { unlocked: false } })
      expect(cli.run(['set', 'contact.city', 'London']).code).toBe(EXIT.OK)
      expect(await serve.call('fields.get', { path: 'contact.city' })).toMatchObject({ ok: true, value: { value: 'London' } })
    } finally {
      await serve.stop()
    }
  }, CLI_RUNS)

  it('works through a running `mevault sync serve`', async () => {
    const cli = cliSandbox(PASSPHRASE)
    expect(cli.run(['init']).code).toBe(EXIT.OK)
    const sync = startCli(['sync', 'serve'], cli.env, cli.root)
    try {
      await sync.waitFor(/Syncing with paired devices on \S+/, 300_000)
      expect(cli.run(['set', 'contact.email', 'ada@example.org']).code).toBe(EXIT.OK)
      expect(cli.run(['get', 'contact.email']).stdout).toBe('ada@example.org\n')
      expect(JSON.parse(cli.run(['status', '--json']).stdout)).toMatchObject({ fields: 1 })
      // Through the door a command starts as light as `--help`: no SQLite, libsodium, Automerge or zod to load.
      const commands: Array<[string[], string]> = [
        [['get', 'contact.email'], 'ada@example.org'],
        [['search', 'ada', '--json'], 'ada@example.org'],
        [['list', '--json'], 'ada@example.org'],
        [['set', 'contact.city'], 'Saved contact.city']
      ]
      for (const [args, shows] of commands) {
        const log = join(cli.root, `modules-${args[0]}.txt`)
        writeFileSync(log, '')
        const result = cli.run(args, { NODE_OPTIONS: `--import=${MODULE_LOG_HOOK}`, MEVAULT_TEST_MODULE_LOG: log }, 'Paris\n')
        expect(result).toMatchObject({ code: EXIT.OK, stdout: expect.stringContaining(shows) })
        const loaded = readFileSync(log, 'utf8').split('\n')
        expect(heavyLoaded(loaded, VAULT_ENGINE)).toEqual([])
      }
      // The vault stays as its holder opened it.
      expect(cli.run(['passphrase'], { MEVAULT_NEW_PASSPHRASE: 'another long passphrase' }).code).toBe(EXIT.OK)
    } finally {
      expect(await sync.stop()).toBe(0)
    }
    expect(cli.run(['get', 'contact.email'], { MEVAULT_PASSPHRASE: 'another long passphrase' }).stdout).toBe('ada@example.org\n')
  }, CLI_RUNS)

  it('ignores and removes the socket a holder that died left behind', async () => {
    const cli = cliSandbox(PASSPHRASE)
    expect(cli.run(['init']).code).toBe(EXIT.OK)
    const socket = join(cli.vaultDir, 'front-door.sock')
    const dead = spawn(process.execPath, ['-e', `require('net').createServer().listen(${JSON.stringify(socket)}, () => console.log('up'))`])
    await new Promise((resolve) => dead.stdout.once('data', resolve))
    dead.kill('SIGKILL')
    await new Promise((resolve) => dead.once('close', resolve))
    expect(lstatSync(socket).isSocket()).toBe(true)
    expect(cli.run(['set', 'contact.city', 'London']).code).toBe(EXIT.OK)
    expect(existsSync(socket)).toBe(false)
  }, CLI_RUNS)
})
