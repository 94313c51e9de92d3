import { randomBytes } from 'node:crypto'
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { EXIT } from '../../src/cli/exit-codes.js'
import { cliSandbox } from '../helpers/cli.js'

const ESC = '\x1b'

describe('mevault sync folder, on the command line', () => {
  it('counts the files it skipped, per reason, escapes their names, and exits 10 until none is', async () => {
    const laptop = cliSandbox()
    expect(laptop.run(['init', '--json']).code).toBe(EXIT.OK)
    const folder = join(laptop.root, 'shared')
    mkdirSync(folder)
    // Anyone who can write to the folder chooses names: this one would retitle the terminal and clear it.
    const hostile = `0123456789abcdef.${ESC}]0;pwned\x07${ESC}[2J.mvsync`
    writeFileSync(join(folder, hostile), randomBytes(300))
    writeFileSync(join(folder, 'fedcba9876543210.00ff.mvsync'), 'short')
    mkdirSync(join(folder, 'a-folder.mvsync'))
    writeFileSync(join(folder, 'notes.txt'), 'not a sync file: left alone, not counted')

    const json = laptop.run(['sync', 'folder', folder, '--json'])
    expect({ code: json.code, stderr: json.stderr }).toEqual({ code: EXIT.SKIPPED, stderr: expect.any(String) })
    expect(JSON.parse(json.stdout)).toMatchObject({
      skipped: 3,
      skippedReasons: { failedAuthentication: 2, unreadable: 1 },
      fromRevokedDevices: 0,
      written: expect.any(Number)
    })
    expect(json.stdout).not.toContain('pwned')
    expect(json.stderr).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f]/) // eslint-disable-line no-control-regex -- no control character at all
    expect(json.stderr).toContain('skipped 0123456789abcdef.\\u{1b}]0;pwned\\u{7}\\u{1b}[2J.mvsync: failed authentication')
    expect(json.stderr).toMatch(/skipped a-folder\.mvsync: could not be read \(EISDIR\)/)

    const text = laptop.run(['sync', 'folder', folder])
    expect(text.code).toBe(EXIT.SKIPPED)
    expect(text.stdout).toMatch(/; skipped 3 files \(2 failed authentication, 1 could not be read\): see the lines above\n$/)

    for (const junk of [hostile, 'fedcba9876543210.00ff.mvsync', 'a-folder.mvsync']) rmSync(join(folder, junk), { recursive: true })
    const clean = laptop.run(['sync', 'folder', folder, '--json'])
    expect(clean.code).toBe(EXIT.OK)
    expect(JSON.parse(clean.stdout)).toMatchObject({ skipped: 0, skippedReasons: {} })
  }, 240_000) // four CLI runs, each paying Argon2id (64 MiB) to unlock
})
