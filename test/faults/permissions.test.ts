import { spawnSync } from 'node:child_process'
import { chmodSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseSecretKey } from '../../src/core/crypto/secret-key.js'
import { BIN, cliSandbox } from '../helpers/cli.js'
import { writeUntilKilled } from './crash-run.js'
import { initWithFields, listed } from './vault-in-sandbox.js'

const modeOf = (path: string): string => (statSync(path).mode & 0o777).toString(8)
const VAULT_FILES = ['vault.db', 'vault.db-wal', 'vault.db-shm', 'vault.lock']

describe('the vault folder and its files are the owner’s only', () => {
  it('a new vault, even under umask 000: folder 700; vault.db, its -wal and -shm, and vault.lock 600', async () => {
    const cli = cliSandbox()
    // The real command, under the most generous umask.
    const init = spawnSync('sh', ['-c', 'umask 000 && exec "$@"', 'sh', process.execPath, BIN, 'init', '--json'], {
      cwd: cli.root,
      env: cli.env,
      encoding: 'utf8'
    })
    expect(init.status, init.stderr).toBe(0)
    const secretKey = parseSecretKey(JSON.parse(init.stdout).secretKey)
    // -wal and -shm exist while the vault is open: look at them in a writer that holds it open.
    let modes: Record<string, string> = {}
    const umask = process.umask(0)
    try {
      await writeUntilKilled({ dir: cli.vaultDir, secretKey, start: 0, count: 1 }, (out) => {
        if (!out.includes('held\n')) return false
        modes = Object.fromEntries(VAULT_FILES.map((name) => [name, modeOf(join(cli.vaultDir, name))]))
        return true
      })
    } finally {
      process.umask(umask)
    }
    expect(modes).toEqual(Object.fromEntries(VAULT_FILES.map((name) => [name, '600'])))
    expect(modeOf(cli.vaultDir)).toBe('700')
  }, 300_000)

  it('a vault an earlier MeVault left open to others is made private when opened, and the CLI says so', async () => {
    const cli = cliSandbox()
    await initWithFields(cli, cli.vaultDir, { 'contact.email': 'ada@example.org' })
    chmodSync(cli.vaultDir, 0o755)
    for (const name of ['vault.db', 'vault.lock']) chmodSync(join(cli.vaultDir, name), 0o644)
    const list = cli.run(['list', '--json'])
    expect(list.code).toBe(0)
    expect(listed(list.stdout)).toEqual({ 'contact.email': 'ada@example.org' })
    expect(list.stderr).toBe(`The vault folder ${cli.vaultDir} was open to other users (mode 755): it is now yours only (700)\n`)
    expect([modeOf(cli.vaultDir), modeOf(join(cli.vaultDir, 'vault.db')), modeOf(join(cli.vaultDir, 'vault.lock'))]).toEqual(['700', '600', '600'])
  }, 300_000)

  it('a folder that also holds other things keeps its mode (not ours to change); the vault files are still made 600', async () => {
    const cli = cliSandbox()
    await initWithFields(cli, cli.vaultDir, { 'contact.email': 'ada@example.org' })
    writeFileSync(join(cli.vaultDir, 'notes.txt'), 'not MeVault’s')
    chmodSync(cli.vaultDir, 0o755)
    chmodSync(join(cli.vaultDir, 'vault.db'), 0o644)
    const list = cli.run(['list'])
    expect([list.code, list.stderr]).toEqual([0, ''])
    expect([modeOf(cli.vaultDir), modeOf(join(cli.vaultDir, 'vault.db'))]).toEqual(['755', '600'])
  }, 300_000)
})
