import { existsSync, readdirSync, readFileSync, renameSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { EXIT } from '../../src/cli/exit-codes.js'
import { cliSandbox } from '../helpers/cli.js'
import { readKitPdf } from '../recovery-kit/read-kit-pdf.js'

/** Each run pays Argon2id (64 MiB): minutes on a busy machine. */
const CLI_RUNS = 900_000

describe('mevault init: the recovery kit and the passphrase', () => {
  it('saves the kit as a PDF whose text and QR code give the secret key back, and that key restores a lost key file', async () => {
    const cli = cliSandbox()
    const init = cli.run(['init', '--json'])
    expect(init.code).toBe(EXIT.OK)
    const kit = JSON.parse(init.stdout) as { secretKey: string; vaultId: string; did: string; kitFile: string }
    expect(kit.kitFile).toMatch(/recovery-kits\/mevault-recovery-kit-[0-9a-f]{8}\.pdf$/)
    const read = await readKitPdf(readFileSync(kit.kitFile))
    expect(read.text).toContain(kit.secretKey)
    expect(read.text).toContain(kit.vaultId)
    expect(read.text).toContain(kit.did)
    expect(read.qrTexts).toEqual([kit.secretKey])
    expect(cli.run(['set', 'contact.email', 'ada@example.org']).code).toBe(EXIT.OK)

    // This computer loses its key file: the key scanned from the kit's QR code brings it back.
    renameSync(cli.keyFile, `${cli.keyFile}.gone`)
    expect(cli.run(['get', 'contact.email'])).toMatchObject({ code: EXIT.WRONG_CREDENTIALS, stderr: expect.stringContaining('No secret key') })
    expect(cli.run(['key', 'restore'], { MEVAULT_SECRET_KEY: read.qrTexts[0] }).code).toBe(EXIT.OK)
    expect(cli.run(['get', 'contact.email']).stdout).toBe('ada@example.org\n')
  }, CLI_RUNS)

  it('keeps the text kit for --kit FILE.txt', () => {
    const cli = cliSandbox()
    const file = join(cli.root, 'kit.txt')
    const init = cli.run(['init', '--json', '--kit', file])
    expect(init.code).toBe(EXIT.OK)
    const kit = JSON.parse(init.stdout) as { secretKey: string }
    expect(readFileSync(file, 'utf8')).toContain(`Secret key:  ${kit.secretKey}`)
  }, CLI_RUNS)

  it('refuses a weak passphrase from a script before making anything, saying why; --weak-passphrase-ok uses it with a warning', () => {
    const cli = cliSandbox('password1')
    const refused = cli.run(['init'])
    expect(refused.code).toBe(EXIT.BAD_INPUT)
    expect(refused.stderr).toBe(
      'mevault: The passphrase is weak (very weak): This is a commonly used password. Add more words, less common ones. ' +
        'A few unrelated words (four or more) make a strong passphrase that is easy to remember. ' +
        'Choose a stronger one, or pass --weak-passphrase-ok to use it anyway\n'
    )
    expect(refused.stderr).not.toContain('password1')
    expect(existsSync(cli.vaultDir)).toBe(false)
    expect(existsSync(join(cli.root, 'config', 'mevault', 'recovery-kits'))).toBe(false)

    const accepted = cli.run(['init', '--weak-passphrase-ok'])
    expect(accepted.code).toBe(EXIT.OK)
    expect(accepted.stderr).toContain('Warning: the passphrase is weak (very weak): This is a commonly used password.')
    expect(readdirSync(join(cli.root, 'config', 'mevault', 'recovery-kits'))).toHaveLength(1)
  }, CLI_RUNS)

  it('says nothing about a strong passphrase', () => {
    const init = cliSandbox('violet harbour cactus lantern').run(['init'])
    expect(init.code).toBe(EXIT.OK)
    expect(init.stderr).not.toMatch(/weak/i)
  }, CLI_RUNS)
})
