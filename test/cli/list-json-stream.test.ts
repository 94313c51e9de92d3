import { spawn } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { readKeyFile } from '../../src/core/vault/key-file.js'
import { Vault } from '../../src/core/vault/vault.js'
import { BIN, cliSandbox } from '../helpers/cli.js'

const PASSPHRASE = 'correct horse battery staple'
/** Four pages of `fields.page` (500 a page), and far more output than a pipe holds (64 KiB). */
const RECORDS = 20
const FIELDS_PER_RECORD = 100
/** Each run pays Argon2id (64 MiB) to unlock: minutes on a busy machine. */
const CLI_RUNS = 600_000

const valueOf = (r: number, f: number): string => `Value ${r}-${f}${f % 10 === 0 ? ' Zanzibar' : ''} "quoted" \\ and é`

/** A vault made by `mevault init`, filled through the Vault API (one change per record, as an import). */
async function bigVault() {
  const cli = cliSandbox(PASSPHRASE)
  expect(cli.run(['init']).code).toBe(0)
  const vault = await Vault.unlock({ dir: cli.vaultDir, passphrase: PASSPHRASE, secretKey: (vaultId) => readKeyFile(cli.keyFile, vaultId) })
  try {
    for (let r = 0; r < RECORDS; r++) {
      await vault.setFields(
        Array.from({ length: FIELDS_PER_RECORD }, (_, f) => ({
          path: `record${String(r).padStart(2, '0')}.field${String(f).padStart(3, '0')}`,
          value: valueOf(r, f),
          tier: f % 4 === 0 ? ('public' as const) : ('private' as const)
        }))
      )
    }
  } finally {
    await vault.close()
  }
  return cli
}

describe('mevault list --json / search --json, written page by page', () => {
  it('prints one valid JSON document holding every field, in the same text as before', async () => {
    const cli = await bigVault()
    const list = cli.run(['list', '--json'])
    expect(list.code).toBe(0)
    const fields = JSON.parse(list.stdout) as Array<{ path: string; value: string; tier: string }>
    expect(fields).toHaveLength(RECORDS * FIELDS_PER_RECORD)
    expect(new Set(fields.map((f) => f.path)).size).toBe(RECORDS * FIELDS_PER_RECORD)
    expect(fields.find((f) => f.path === 'record13.field042')?.value).toBe(valueOf(13, 42))
    // The text a script got when the list was printed whole: two-space indentation, one trailing newline.
    expect(list.stdout).toBe(`${JSON.stringify(fields, null, 2)}\n`)

    const publicOnly = JSON.parse(cli.run(['list', '--json', '--tier', 'public']).stdout) as Array<{ tier: string }>
    expect(publicOnly).toHaveLength((RECORDS * FIELDS_PER_RECORD) / 4)
    expect(publicOnly.every((f) => f.tier === 'public')).toBe(true)
    const found = JSON.parse(cli.run(['search', 'zanzibar', '--json']).stdout) as Array<{ value: string }>
    expect(found).toHaveLength((RECORDS * FIELDS_PER_RECORD) / 10)
    expect(cli.run(['search', 'nothing-like-this', '--json']).stdout).toBe('[]\n')
  }, CLI_RUNS)

  it('stops with one clear line and exit code 1 when its reader goes away mid-list, never a stack trace', async () => {
    const cli = await bigVault()
    const child = spawn(process.execPath, [BIN, 'list', '--json'], { cwd: cli.root, env: cli.env })
    let stderr = ''
    let received = ''
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    // Read the first chunk, then close the pipe, as `mevault list --json | head -c 100` does.
    child.stdout.once('data', (chunk: Buffer) => {
      received = chunk.toString()
      child.stdout.destroy()
    })
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
    expect(received.startsWith('[\n  {')).toBe(true)
    expect(code).toBe(1)
    expect(stderr).toBe('mevault: the output was closed before all of it was written\n')
  }, CLI_RUNS)
})
