import { spawn, spawnSync } from 'node:child_process'
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { EXIT } from '../../src/cli/exit-codes.js'
import { main } from '../../src/cli/main.js'
import { SECRET_VARIABLES } from '../../src/cli/secrets-from-env.js'
import { valueSource } from '../../src/cli/value-input.js'
import { readKeyFile } from '../../src/core/vault/key-file.js'
import { BIN, cliSandbox } from '../helpers/cli.js'

const modeOf = (path: string): number => statSync(path).mode & 0o777
const PASSPHRASE = 'correct horse battery staple'
/** A few CLI runs, each paying Argon2id (64 MiB) to unlock: minutes on a machine shared by many. */
const CLI_RUNS = 900_000

describe('files that hold secrets or plaintext', () => {
  it('`export --out FILE --force` over an existing 0644 file leaves it 0600', () => {
    const cli = cliSandbox()
    expect(cli.run(['init']).code).toBe(EXIT.OK)
    expect(cli.run(['set', 'health.blood'], {}, 'O+\n').code).toBe(EXIT.OK)
    const out = join(cli.root, 'export.json')
    writeFileSync(out, 'an older file anyone could read\n', { mode: 0o644 })
    chmodSync(out, 0o644)
    expect(cli.run(['export', '--out', out]).code).toBe(EXIT.BAD_INPUT)
    expect(cli.run(['export', '--out', out, '--force']).code).toBe(EXIT.OK)
    expect(modeOf(out)).toBe(0o600)
    expect(JSON.parse(readFileSync(out, 'utf8')).fields).toMatchObject([{ path: 'health.blood', value: 'O+' }])
    // Nothing left beside it (the new file is written next to it, then renamed over it).
    expect(readdirSync(cli.root).filter((name) => name.includes('export'))).toEqual(['export.json'])
  }, CLI_RUNS)

  it('`key restore --force` over an existing 0644 key file leaves it 0600, and its folder 0700', () => {
    const cli = cliSandbox()
    const ownKeyFolder = { MEVAULT_KEY_FILE: undefined } // the default place, in the config folder
    const kit = JSON.parse(cli.run(['init', '--json'], ownKeyFolder).stdout)
    const keyFile = join(cli.root, 'config', 'mevault', 'keys', `${kit.vaultId}.json`)
    expect(kit.keyFile).toBe(keyFile)
    chmodSync(keyFile, 0o644)
    chmodSync(join(keyFile, '..'), 0o755)
    const restored = cli.run(['key', 'restore', '--force'], { ...ownKeyFolder, MEVAULT_SECRET_KEY: kit.secretKey })
    expect(restored.code).toBe(EXIT.OK)
    expect(modeOf(keyFile)).toBe(0o600)
    expect(modeOf(join(keyFile, '..'))).toBe(0o700)
    expect(cli.run(['whoami'], ownKeyFolder).stdout.trim()).toBe(kit.did)

    // A key file the person placed with MEVAULT_KEY_FILE: the file is made 0600, their folder is left alone.
    const placed = join(cli.root, 'mine', 'key.json')
    mkdirSync(join(cli.root, 'mine'), { mode: 0o755 })
    chmodSync(join(cli.root, 'mine'), 0o755)
    writeFileSync(placed, '{}', { mode: 0o644 })
    chmodSync(placed, 0o644)
    expect(cli.run(['key', 'restore', '--force'], { MEVAULT_KEY_FILE: placed, MEVAULT_SECRET_KEY: kit.secretKey }).code).toBe(EXIT.OK)
    expect(modeOf(placed)).toBe(0o600)
    expect(modeOf(join(cli.root, 'mine'))).toBe(0o755)
    expect(readKeyFile(placed, kit.vaultId)).toEqual(readKeyFile(keyFile, kit.vaultId))
  }, CLI_RUNS)

  it('`init` saves the recovery kit in the user’s config folder, 0600, and says where; never in the current folder', () => {
    const cli = cliSandbox()
    const init = cli.run(['init'])
    expect(init.code).toBe(EXIT.OK)
    const kitFolder = join(cli.root, 'config', 'mevault', 'recovery-kits')
    const [kitName, ...others] = readdirSync(kitFolder)
    expect(others).toEqual([])
    expect(kitName).toMatch(/^mevault-recovery-kit-[0-9a-f]{8}\.pdf$/)
    const kitFile = join(kitFolder, kitName!)
    expect(init.stderr).toContain(`Recovery kit saved to ${kitFile}`)
    expect(modeOf(kitFile)).toBe(0o600)
    expect(modeOf(kitFolder)).toBe(0o700)
    expect(readFileSync(kitFile).subarray(0, 5).toString()).toBe('%PDF-') // its contents: test/cli/init-kit.test.ts
    expect(readdirSync(cli.root).filter((name) => name.includes('recovery-kit'))).toEqual([])

    // --kit still chooses the place, and an existing file there is refused before any vault is made.
    const other = cliSandbox()
    const taken = join(other.root, 'kit.txt')
    writeFileSync(taken, 'keep me')
    const refused = other.run(['init', '--kit', taken])
    expect(refused).toMatchObject({ code: EXIT.BAD_INPUT, stderr: expect.stringContaining('already exists') })
    expect(existsSync(other.vaultDir)).toBe(false)
    expect(readFileSync(taken, 'utf8')).toBe('keep me')
  }, CLI_RUNS)

  it('keeps kit and export files out of git', () => {
    const ignore = spawnSync('git', ['check-ignore', '--no-index', 'mevault-recovery-kit-1a2b3c4d.txt', 'sub/mevault-recovery-kit-00000000.txt', 'mevault-recovery-kit-1a2b3c4d.pdf', 'mevault-export.json'], {
      cwd: join(import.meta.dirname, '..', '..'),
      encoding: 'utf8'
    })
    expect(ignore.stdout.trim().split('\n')).toEqual(['mevault-recovery-kit-1a2b3c4d.txt', 'sub/mevault-recovery-kit-00000000.txt', 'mevault-recovery-kit-1a2b3c4d.pdf', 'mevault-export.json'])
  })
})

describe('secrets in the environment', () => {
  const saved = { ...process.env }
  afterEach(() => {
    vi.restoreAllMocks()
    for (const name of [...SECRET_VARIABLES, 'MEVAULT_HOME', 'MEVAULT_KEY_FILE']) {
      if (saved[name] === undefined) delete process.env[name]
      else process.env[name] = saved[name]
    }
  })

  it('are used, then gone from process.env: a long-running command keeps none, and what it starts inherits none', async () => {
    const cli = cliSandbox()
    const kit = JSON.parse(cli.run(['init', '--json']).stdout)
    Object.assign(process.env, { MEVAULT_HOME: cli.vaultDir, MEVAULT_KEY_FILE: cli.keyFile, MEVAULT_PASSPHRASE: PASSPHRASE })
    const written: string[] = []
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => written.push(String(chunk)) > 0)
    expect(await main(['whoami'])).toBe(EXIT.OK)
    vi.restoreAllMocks()
    expect(written.join('')).toBe(`${kit.did}\n`) // the passphrase was read and opened the vault
    expect(process.env.MEVAULT_PASSPHRASE).toBeUndefined()
    const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(process.env.MEVAULT_PASSPHRASE ?? "none")'], { encoding: 'utf8' })
    expect(child.stdout).toBe('none')

    // Also when the command never asks for them (as `serve`, which unlocks from the page).
    Object.assign(process.env, { MEVAULT_PASSPHRASE: PASSPHRASE, MEVAULT_SECRET_KEY: kit.secretKey })
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true)
    expect(await main(['packet', 'verify', join(cli.root, 'no-such-packet.jws')])).toBe(EXIT.NOT_FOUND)
    expect(process.env.MEVAULT_PASSPHRASE).toBeUndefined()
    expect(process.env.MEVAULT_SECRET_KEY).toBeUndefined()
  }, CLI_RUNS)
})

describe('`set` and where the value comes from', () => {
  it('takes it from the argument, else a hidden prompt at a terminal, else stdin', () => {
    expect(valueSource('x', true)).toBe('argument')
    expect(valueSource('x', false)).toBe('argument')
    expect(valueSource(undefined, true)).toBe('prompt')
    expect(valueSource(undefined, false)).toBe('stdin')
  })

  it('reads a piped or redirected value, keeping inner lines and dropping the final line break', () => {
    const cli = cliSandbox()
    cli.run(['init'])
    const piped = cli.run(['set', 'contact.address', '--type', 'address'], {}, '1 Main Street\nLondon\n')
    expect(piped).toMatchObject({ code: EXIT.OK, stdout: 'Saved contact.address (private)\n' })
    expect(piped.stderr).not.toContain('warning')
    expect(cli.run(['get', 'contact.address']).stdout).toBe('1 Main Street\nLondon\n')
    // An argument from a script (stdin not a terminal) still works, without the warning meant for people.
    expect(cli.run(['set', 'contact.city', 'Paris']).stderr).not.toContain('warning')
  }, CLI_RUNS)

  const hasScript = spawnSync('script', ['--version']).status === 0
  it.skipIf(!hasScript)('asks at a terminal, hidden, when no value is given; warns when one is typed as an argument', async () => {
    const cli = cliSandbox()
    cli.run(['init'])
    const session = await inTerminal(cli.env, ['set', 'contact.email', '--type', 'email'], /Value for contact\.email/, 'Ada@Example.org\r')
    expect(session.code).toBe(EXIT.OK)
    expect(session.output).toContain('Saved contact.email (private)')
    expect(session.output).not.toContain('Ada@Example.org') // shown as * while typed, never in clear
    expect(session.output).toContain('*'.repeat('Ada@Example.org'.length))
    expect(cli.run(['get', 'contact.email']).stdout).toBe('ada@example.org\n')

    const typed = await inTerminal(cli.env, ['set', 'contact.city', 'Oslo'])
    expect(typed.code).toBe(EXIT.OK)
    expect(typed.output).toMatch(/warning: a value given on the command line stays in your shell history/)
  }, CLI_RUNS)
})

/** Runs mevault in a pseudo-terminal (util-linux `script`); types `answer` once `prompt` shows. */
function inTerminal(env: NodeJS.ProcessEnv, args: string[], prompt?: RegExp, answer?: string): Promise<{ code: number; output: string }> {
  const command = [process.execPath, BIN, ...args].map((part) => `'${part.replaceAll("'", "'\\''")}'`).join(' ')
  const child = spawn('script', ['--quiet', '--return', '--flush', '--command', command, '/dev/null'], { env })
  let output = ''
  let typed = false
  const onOutput = (chunk: Buffer): void => {
    output += chunk.toString('utf8')
    if (prompt && answer && !typed && prompt.test(output)) {
      typed = true
      child.stdin.write(answer)
    }
  }
  child.stdout.on('data', onOutput)
  child.stderr.on('data', onOutput)
  return new Promise((resolve) => child.on('close', (code) => resolve({ code: code ?? -1, output })))
}
