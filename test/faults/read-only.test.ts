import { spawnSync } from 'node:child_process'
import { chmodSync, existsSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { BIN, cliSandbox, type CliResult } from '../helpers/cli.js'
import { MOUNTS_ALLOWED, NO_MOUNTS, withReadOnlyView } from '../helpers/mounts.js'
import { writeUntilKilled } from './crash-run.js'
import { initWithFields, listed } from './vault-in-sandbox.js'

const FIELDS = { 'contact.email': 'ada@example.org', 'identity.name': 'Ada Lovelace' }
const READ_ONLY_EXIT = 7
const REFUSED = /^mevault: The vault in .+ is read-only here \(its folder or disk cannot be written\): it can be read, not changed\n$/

type Run = (args: string[], input?: string) => CliResult

function expectListed(run: Run, fields: Record<string, string>): void {
  const list = run(['list', '--json'])
  expect([list.code, list.stderr]).toEqual([0, ''])
  expect(listed(list.stdout)).toEqual(fields)
}

/** Each change is refused with one line and exit 7. */
function expectRefused(run: Run, changes: Array<[string[], string?]>): void {
  for (const [args, input] of changes) {
    const refused = run(args, input)
    expect([args, refused.code, refused.stdout], refused.stderr).toEqual([args, READ_ONLY_EXIT, ''])
    expect(refused.stderr).toMatch(REFUSED)
  }
}

/** Every read the issue names works (list, get, search, status, devices, export); every kind of change is refused. */
function expectReadsWorkAndWritesRefused(run: Run, root: string, fields: Record<string, string>): void {
  expectListed(run, fields)
  expect(run(['get', 'identity.name']).stdout).toBe('Ada Lovelace\n')
  expect(listed(run(['search', 'lovelace', '--json']).stdout)).toEqual({ 'identity.name': 'Ada Lovelace' })
  expect(JSON.parse(run(['status', '--json']).stdout)).toMatchObject({ fields: Object.keys(fields).length })
  const devices = run(['devices', '--json']) // lists this device even where it was never recorded
  expect([devices.code, devices.stderr]).toEqual([0, ''])
  expect(JSON.parse(devices.stdout)).toEqual([expect.objectContaining({ thisDevice: true })])
  const out = join(root, 'export.json')
  expect(run(['export', '--out', out]).code).toBe(0)
  expect(JSON.parse(readFileSync(out, 'utf8')).fields).toHaveLength(Object.keys(fields).length)
  rmSync(out)
  expectRefused(run, [
    [['set', 'contact.phone'], '+33 6 12 34 56 78'],
    [['rm', 'contact.email']],
    [['policy', 'preset', 'share-nothing']] // a change to a document other than a record
  ])
}

describe.skipIf(!MOUNTS_ALLOWED)(`a vault on a read-only disk (a read-only bind mount)${MOUNTS_ALLOWED ? '' : `: ${NO_MOUNTS}`}`, () => {
  it('closed cleanly (no -wal, no -shm): list, get, search, status, devices and export work; changes are refused with exit 7', async () => {
    const cli = cliSandbox()
    await initWithFields(cli, cli.vaultDir, FIELDS)
    expect(existsSync(join(cli.vaultDir, 'vault.db-wal'))).toBe(false)
    await withReadOnlyView(cli.vaultDir, (view) => {
      expectReadsWorkAndWritesRefused((args, input) => cli.run(args, { MEVAULT_HOME: view }, input), cli.root, FIELDS)
    })
    // Nothing was changed behind the refusals.
    expect(listed(cli.run(['list', '--json']).stdout)).toEqual(FIELDS)
  }, 600_000) // ten real `mevault` processes, each through Argon2id: slow on a busy machine

  it.each([
    ['with its -wal and -shm', []],
    ['with its -wal, the -shm deleted', ['vault.db-shm']]
  ])('left by a crash %s: reads every acknowledged edit, refuses changes', async (_, deleted: string[]) => {
    const cli = cliSandbox()
    const secretKey = await initWithFields(cli, cli.vaultDir, FIELDS)
    const done = await writeUntilKilled({ dir: cli.vaultDir, secretKey, start: 0, count: 3 }, (out) => out.includes('held\n'))
    expect(done).toEqual([0, 1, 2])
    for (const name of ['vault.db-wal', 'vault.db-shm']) expect(existsSync(join(cli.vaultDir, name))).toBe(true)
    for (const name of deleted) rmSync(join(cli.vaultDir, name))
    const expected = { ...FIELDS, 'crash0.n0': 'value 0', 'crash1.n1': 'value 1', 'crash2.n2': 'value 2' }
    await withReadOnlyView(cli.vaultDir, (view) => {
      const run: Run = (args, input) => cli.run(args, { MEVAULT_HOME: view }, input)
      expectListed(run, expected)
      expectRefused(run, [[['set', 'identity.name'], 'Someone Else']])
    })
  }, 300_000)
})

/**
 * A folder its owner cannot write (chmod 500). Root ignores permission bits, so as root the CLI runs
 * as `nobody`, owning the sandbox; as anyone else it runs as that user. As `nobody` it needs to read
 * this checkout, which a private clone (under a 0700 folder) does not allow: then it says it skips.
 */
const AS_ROOT = process.getuid?.() === 0
const NOBODY_CANNOT_RUN =
  AS_ROOT &&
  spawnSync(process.execPath, ['-e', `require('fs').accessSync(${JSON.stringify(BIN)})`], { uid: 65534, gid: 65534, stdio: 'ignore' }).status !== 0
const SKIP_REASON = NOBODY_CANNOT_RUN ? ': skipped, the user nobody cannot read this checkout (it lies in a private folder)' : ''

describe.skipIf(NOBODY_CANNOT_RUN)(`a vault in a folder its owner may not write (chmod 500)${SKIP_REASON}`, () => {
  it('reads work and changes are refused with exit 7', async () => {
    const cli = cliSandbox()
    await initWithFields(cli, cli.vaultDir, FIELDS)
    const asRoot = AS_ROOT
    if (asRoot) expect(spawnSync('chown', ['-R', '65534:65534', cli.root]).status).toBe(0)
    const user = asRoot ? { uid: 65534, gid: 65534 } : {}
    chmodSync(cli.vaultDir, 0o500)
    try {
      const run: Run = (args, input) => {
        const result = spawnSync(process.execPath, [BIN, ...args], { cwd: cli.root, env: { ...cli.env, HOME: cli.root }, input, encoding: 'utf8', ...user })
        return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr }
      }
      expectListed(run, FIELDS)
      expect(run(['get', 'contact.email']).stdout).toBe('ada@example.org\n')
      expectRefused(run, [[['set', 'contact.phone'], '+33 6 12 34 56 78']])
    } finally {
      chmodSync(cli.vaultDir, 0o700)
    }
  }, 300_000)
})
