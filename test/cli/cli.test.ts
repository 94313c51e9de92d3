import { existsSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { Vault } from '../../src/core/vault/vault.js'
import { readKeyFile } from '../../src/core/vault/key-file.js'
import { cliSandbox } from '../helpers/cli.js'

/** Several CLI runs, each paying Argon2id (64 MiB) to unlock: minutes on a busy machine. */
const CLI_RUNS = 900_000

describe('mevault command line', () => {
  it('creates a vault, curates fields in three tiers, and finds them again', () => {
    const cli = cliSandbox()
    const init = cli.run(['init', '--json'])
    expect(init.code).toBe(0)
    const kit = JSON.parse(init.stdout)
    expect(kit.secretKey).toMatch(/^MV1-/)
    expect(kit.did).toMatch(/^did:key:z6Mk/)
    expect(readFileSync(kit.kitFile).subarray(0, 5).toString()).toBe('%PDF-') // its contents: test/cli/init-kit.test.ts
    expect(statSync(cli.keyFile).mode & 0o077).toBe(0)

    expect(cli.run(['set', 'contact.email', 'Ada@Example.org', '--type', 'email', '--tier', 'restricted']).code).toBe(0)
    expect(cli.run(['set', 'identity.name', 'Ada Lovelace', '--tier', 'public']).code).toBe(0)
    expect(cli.run(['set', 'finance.iban'], {}, 'GB33BUKB20201555555555\n').code).toBe(0)

    const list = JSON.parse(cli.run(['list', '--json']).stdout)
    expect(list.map((f: { path: string; tier: string; value: string }) => [f.path, f.tier, f.value])).toEqual([
      ['contact.email', 'restricted', 'ada@example.org'],
      ['finance.iban', 'private', 'GB33BUKB20201555555555'],
      ['identity.name', 'public', 'Ada Lovelace']
    ])
    expect(cli.run(['get', 'identity.name']).stdout).toBe('Ada Lovelace\n')
    expect(JSON.parse(cli.run(['search', 'LOVELACE', '--json']).stdout).map((f: { path: string }) => f.path)).toEqual([
      'identity.name'
    ])
    expect(cli.run(['list', '--tier', 'public']).stdout).toContain('identity.name')
    expect(cli.run(['list', '--tier', 'public']).stdout).not.toContain('finance.iban')
    expect(cli.run(['whoami']).stdout.trim()).toBe(kit.did)
    expect(JSON.parse(cli.run(['status', '--json']).stdout)).toMatchObject({
      fields: 3,
      records: 3,
      tiers: { private: 1, restricted: 1, public: 1 }
    })
  }, CLI_RUNS)

  it('keeps history, restores a version, and removes a field', () => {
    const cli = cliSandbox()
    cli.run(['init'])
    cli.run(['set', 'contact.city', 'Paris'])
    cli.run(['set', 'contact.city', 'Lyon'])
    expect(cli.run(['tier', 'contact.city', 'public']).code).toBe(0)
    const history = JSON.parse(cli.run(['history', 'contact.city', '--json']).stdout)
    expect(history.map((v: { value: string; tier: string }) => [v.value, v.tier])).toEqual([
      ['Paris', 'private'],
      ['Lyon', 'private'],
      ['Lyon', 'public']
    ])
    expect(cli.run(['restore', 'contact.city', '1']).code).toBe(0)
    expect(cli.run(['get', 'contact.city']).stdout).toBe('Paris\n')
    expect(cli.run(['rm', 'contact.city']).code).toBe(0)
    expect(cli.run(['get', 'contact.city']).code).toBe(5)
  }, CLI_RUNS)

  it('exits with distinct codes and one clear line for each kind of failure', () => {
    const cli = cliSandbox()
    expect(cli.run(['list'])).toMatchObject({ code: 5, stderr: expect.stringContaining('No vault in') })
    cli.run(['init'])
    expect(cli.run(['init'])).toMatchObject({ code: 2, stderr: expect.stringContaining('already exists') })
    const wrong = cli.run(['list'], { MEVAULT_PASSPHRASE: 'not the passphrase' })
    expect(wrong).toMatchObject({ code: 3, stderr: 'mevault: Wrong passphrase\n' })
    const noKey = cli.run(['list'], { MEVAULT_KEY_FILE: join(cli.root, 'elsewhere.json') })
    expect(noKey.code).toBe(3)
    expect(noKey.stderr).toContain('No secret key at')
    expect(cli.run(['get', 'contact.nothing']).code).toBe(5)
    const bad = cli.run(['set', 'contact.email', 'Private-Value-Not-An-Email', '--type', 'email'])
    expect(bad).toMatchObject({ code: 2, stderr: 'mevault: The value for contact.email is not an email address\n' })
    expect(cli.run(['set', 'nodot', 'x']).code).toBe(2)
    expect(cli.run(['set', 'a.b', 'x', '--tier', 'secret']).code).toBe(2)
    expect(cli.run(['frobnicate']).code).toBe(2)
    expect(cli.run(['serve', '--lock-after', 'soon'])).toMatchObject({ code: 2, stderr: expect.stringContaining('--lock-after must be 0 to 1440') })
    for (const result of [wrong, noKey, bad]) expect(result.stderr).not.toMatch(/\bat .*\.ts:\d+/)
  }, CLI_RUNS)

  it('changes the passphrase; the old one stops working', () => {
    const cli = cliSandbox()
    cli.run(['init'])
    cli.run(['set', 'identity.name', 'Grace'])
    expect(cli.run(['passphrase'], { MEVAULT_NEW_PASSPHRASE: 'an entirely new passphrase' }).code).toBe(0)
    expect(cli.run(['get', 'identity.name']).code).toBe(3)
    expect(cli.run(['get', 'identity.name'], { MEVAULT_PASSPHRASE: 'an entirely new passphrase' }).stdout).toBe('Grace\n')
  }, CLI_RUNS)

  it('exports everything as plaintext JSON, with a warning, and never overwrites silently; importing it into a new vault gives the same fields and record names', () => {
    const cli = cliSandbox()
    cli.run(['init'])
    cli.run(['set', 'health.blood', 'O+', '--tier', 'private'])
    cli.run(['set', 'contact.phone', '+44 20 7946 0018', '--type', 'phone', '--tier', 'restricted'])
    expect(cli.run(['record', 'rename', 'health'], {}, 'Health card\n').code).toBe(0)
    const out = join(cli.root, 'export.json')
    const result = cli.run(['export', '--out', out])
    expect(result.code).toBe(0)
    expect(result.stderr).toContain('PLAINTEXT')
    const data = JSON.parse(readFileSync(out, 'utf8'))
    expect(data).toMatchObject({ format: 'mevault.export/1', fields: [{ path: 'contact.phone' }, { path: 'health.blood', value: 'O+', tier: 'private' }] })
    expect(data.records).toEqual({ health: { name: 'Health card' } })
    expect(cli.run(['export', '--out', out]).code).toBe(2)

    const listed = (run: ReturnType<typeof cli.run>) =>
      (JSON.parse(run.stdout) as Array<Record<string, string>>).map(({ path, value, type, tier, recordName }) => ({ path, value, type, tier, recordName }))
    const fresh = cliSandbox()
    fresh.run(['init'])
    expect(fresh.run(['import', out]).code).toBe(0)
    expect(listed(fresh.run(['list', '--json']))).toEqual(listed(cli.run(['list', '--json'])))
    expect(fresh.run(['list']).stdout).toMatch(/^Health card \(health\):$/m)
  }, CLI_RUNS)

  it('restores the key file from the recovery kit', () => {
    const cli = cliSandbox()
    const kit = JSON.parse(cli.run(['init', '--json']).stdout)
    const elsewhere = join(cli.root, 'new-machine-key.json')
    expect(cli.run(['key', 'restore'], { MEVAULT_KEY_FILE: elsewhere, MEVAULT_SECRET_KEY: kit.secretKey.toLowerCase() }).code).toBe(0)
    expect(existsSync(elsewhere)).toBe(true)
    expect(readKeyFile(elsewhere, kit.vaultId)).toEqual(readKeyFile(cli.keyFile, kit.vaultId))
  }, CLI_RUNS)

  it('makes a second process wait for the vault, then fail clearly if it stays busy', async () => {
    const cli = cliSandbox()
    cli.run(['init'])
    const kit = readKeyFile(cli.keyFile, JSON.parse(cli.run(['status', '--json']).stdout).vaultId)
    const holder = await Vault.unlock({ dir: cli.vaultDir, passphrase: 'correct horse battery staple', secretKey: kit })
    const busy = cli.run(['list'], { MEVAULT_LOCK_WAIT_MS: '300' })
    expect(busy.code).toBe(6)
    expect(busy.stderr).toContain('open in another MeVault process')
    await holder.close()
    // Two writers at once: the second waits for the first, and both edits land.
    const [a, b] = await Promise.all([cli.runAsync(['set', 'a.one', '1']), cli.runAsync(['set', 'b.two', '2'])])
    expect([a.code, b.code]).toEqual([0, 0])
    expect(JSON.parse(cli.run(['list', '--json']).stdout)).toHaveLength(2)
  }, CLI_RUNS)
})
