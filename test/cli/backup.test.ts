import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { EXIT } from '../../src/cli/exit-codes.js'
import { sampleRequest } from '../../src/core/requests/sample-request.js'
import { cliSandbox } from '../helpers/cli.js'
import { startServe } from './serve-fixture.js'

/** Real `mevault` processes, each paying Argon2id (64 MiB) to unlock: minutes on a busy machine. */
const CLI_RUNS = 900_000
const VALUE = 'Ada Lovelace of Ockham Park'

/** A vault with something in every part a restore must bring back, and its backup. */
function vaultWithEverything() {
  const cli = cliSandbox()
  const kit = JSON.parse(cli.run(['init', '--json']).stdout) as { secretKey: string; vaultId: string }
  const ok = (args: string[], input?: string): void => {
    const result = cli.run(args, {}, input)
    expect(result, args.join(' ')).toMatchObject({ code: EXIT.OK })
  }
  ok(['set', 'identity.full_name', '--tier', 'restricted', '--claim', 'name'], 'Ada King\n')
  ok(['set', 'identity.full_name'], `${VALUE}\n`) // a second version: history
  ok(['set', 'contact.email', '--type', 'email', '--tier', 'public'], 'ada@example.org\n')
  ok(['policy', 'set', 'public', 'share'])
  const requestFile = join(cli.root, 'request.json')
  writeFileSync(requestFile, JSON.stringify(sampleRequest(), null, 2))
  ok(['request', 'answer', requestFile, '--approve', 'identity.full_name', '--out', join(cli.root, 'packet.jws')])
  expect(cli.run(['devices']).code).toBe(EXIT.OK) // lists (and so records) this device
  const backup = join(cli.root, 'vault.mvbackup')
  ok(['backup', '--out', backup])
  return { cli, kit, backup }
}

/** What a person sees of a vault: every part a backup must carry, as the CLI prints it. */
function everything(cli: ReturnType<typeof cliSandbox>) {
  const json = (args: string[]) => {
    const result = cli.run([...args, '--json'])
    expect(result, args.join(' ')).toMatchObject({ code: EXIT.OK })
    return JSON.parse(result.stdout)
  }
  return {
    fields: json(['list']),
    history: json(['history', 'identity.full_name']),
    ledger: json(['ledger']),
    policy: json(['policy', 'show']),
    claims: json(['claims']),
    whoami: cli.run(['whoami']).stdout
  }
}

describe('mevault backup and restore', () => {
  it('restored on a fresh HOME, the vault is the same: fields, tiers, claims, history, ledger, policy; this computer is a new device', () => {
    const { cli, kit, backup } = vaultWithEverything()
    expect(statSync(backup).mode & 0o777).toBe(0o600)
    // Nothing in the file is readable: not a value, not a field's name.
    const bytes = readFileSync(backup)
    for (const secret of [VALUE, 'Lovelace', 'ada@example.org', 'full_name', 'contact']) expect(bytes.includes(secret)).toBe(false)

    const fresh = cliSandbox()
    const restored = fresh.run(['restore', backup], { MEVAULT_SECRET_KEY: kit.secretKey })
    expect(restored).toMatchObject({ code: EXIT.OK, stdout: expect.stringContaining(`Restored vault ${kit.vaultId}`) })
    expect(existsSync(fresh.keyFile)).toBe(true)
    expect(everything(fresh)).toEqual(everything(cli))

    const before = JSON.parse(cli.run(['devices', '--json']).stdout) as Array<{ id: string; name: string }>
    const after = JSON.parse(fresh.run(['devices', '--json']).stdout) as Array<{ id: string; name: string; thisDevice: boolean }>
    expect(after.filter((d) => !d.thisDevice).map((d) => d.id)).toEqual(before.map((d) => d.id))
    const self = after.find((d) => d.thisDevice)!
    expect(before.map((d) => d.id)).not.toContain(self.id)
    expect(self.name).toMatch(/\(restored\)$/)
  }, CLI_RUNS)

  it('refuses to overwrite a backup file unless --force; refuses to restore, writing nothing: a changed or cut backup (4), a wrong passphrase or secret key (3), a folder not empty (2)', () => {
    const cli = cliSandbox()
    const kit = JSON.parse(cli.run(['init', '--json']).stdout) as { secretKey: string; vaultId: string }
    expect(cli.run(['set', 'contact.email'], {}, 'ada@example.org\n').code).toBe(EXIT.OK)
    const backup = join(cli.root, 'vault.mvbackup')
    expect(cli.run(['backup', '--out', backup]).code).toBe(EXIT.OK)
    const before = readFileSync(backup)
    expect(cli.run(['backup', '--out', backup])).toMatchObject({ code: EXIT.BAD_INPUT, stderr: expect.stringContaining('--force') })
    expect(readFileSync(backup)).toEqual(before)
    expect(cli.run(['backup', '--out', backup, '--force']).code).toBe(EXIT.OK)
    expect(statSync(backup).mode & 0o777).toBe(0o600)

    const bytes = readFileSync(backup)
    const tryRestore = (file: Buffer, env: NodeJS.ProcessEnv = {}) => {
      const fresh = cliSandbox()
      const path = join(fresh.root, 'backup.mvbackup')
      writeFileSync(path, file)
      const result = fresh.run(['restore', path], { MEVAULT_SECRET_KEY: kit.secretKey, ...env })
      expect(existsSync(fresh.vaultDir), 'nothing is written').toBe(false)
      expect(existsSync(fresh.keyFile)).toBe(false)
      return result
    }
    // Every byte of the file is checked in test/backup; here a byte each in the header, the sealed image and the checksum.
    for (const offset of [20, Math.floor(bytes.length / 2), bytes.length - 1]) {
      const changed = Buffer.from(bytes)
      changed[offset]! ^= 0x01
      expect(tryRestore(changed)).toMatchObject({ code: EXIT.INTEGRITY, stderr: expect.stringContaining('damaged') })
    }
    expect(tryRestore(bytes.subarray(0, bytes.length - 100)).code).toBe(EXIT.INTEGRITY)
    expect(tryRestore(bytes, { MEVAULT_PASSPHRASE: 'not the passphrase' })).toMatchObject({
      code: EXIT.WRONG_CREDENTIALS,
      stderr: expect.stringContaining('Wrong passphrase')
    })
    const otherKit = JSON.parse(cliSandbox().run(['init', '--json']).stdout) as { secretKey: string }
    expect(tryRestore(bytes, { MEVAULT_SECRET_KEY: otherKit.secretKey })).toMatchObject({
      code: EXIT.WRONG_CREDENTIALS,
      stderr: expect.stringContaining('secret key')
    })

    const busy = cliSandbox()
    mkdirSync(busy.vaultDir)
    writeFileSync(join(busy.vaultDir, 'notes.txt'), 'mine')
    expect(busy.run(['restore', backup], { MEVAULT_SECRET_KEY: kit.secretKey })).toMatchObject({
      code: EXIT.BAD_INPUT,
      stderr: expect.stringContaining('not empty')
    })
    expect(readFileSync(join(busy.vaultDir, 'notes.txt'), 'utf8')).toBe('mine')
    expect(existsSync(join(busy.vaultDir, 'vault.db'))).toBe(false)
  }, CLI_RUNS)

  it('backs up while `mevault serve` holds the vault open (its holder writes the file), and that backup restores', async () => {
    const cli = cliSandbox()
    const kit = JSON.parse(cli.run(['init', '--json']).stdout) as { secretKey: string }
    const serve = await startServe(cli.env, cli.root)
    const backup = join(cli.root, 'while-serving.mvbackup')
    try {
      expect((await serve.call('vault.unlock', { passphrase: 'correct horse battery staple' })).ok).toBe(true)
      expect((await serve.call('fields.set', { path: 'contact.email', value: 'ada@example.org' })).ok).toBe(true)
      expect(cli.run(['backup', '--out', backup])).toMatchObject({ code: EXIT.OK, stdout: expect.stringContaining(backup) })
      // The page sees the backup as the last one made.
      expect(await serve.call('backup.settings')).toMatchObject({ ok: true, value: { last: { path: backup } } })
    } finally {
      expect(await serve.stop()).toBe(0)
    }
    const fresh = cliSandbox()
    expect(fresh.run(['restore', backup], { MEVAULT_SECRET_KEY: kit.secretKey }).code).toBe(EXIT.OK)
    expect(fresh.run(['get', 'contact.email'])).toMatchObject({ code: EXIT.OK, stdout: 'ada@example.org\n' })
  }, CLI_RUNS)
})
