import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { cliSandbox } from '../helpers/cli.js'
import { FIXTURES, onePuxBytes } from '../import/fixture-file.js'

/** Several CLI runs, each paying Argon2id (64 MiB) to unlock: minutes on a busy machine. */
const CLI_RUNS = 600_000

const listed = (stdout: string): Record<string, string> =>
  Object.fromEntries((JSON.parse(stdout) as Array<{ path: string; value: string; claim?: string }>).map((f) => [f.path, f.claim ? `${f.value} #${f.claim}` : f.value]))

describe('mevault import FILE', () => {
  it('--dry-run shows where each field goes and writes nothing; the import then writes them, and again finds them all there', () => {
    const cli = cliSandbox()
    expect(cli.run(['init', '--json']).code).toBe(0)
    const file = join(FIXTURES, 'google-contacts.vcf')
    const dry = cli.run(['import', file, '--dry-run'])
    expect([dry.code, dry.stderr]).toEqual([0, ''])
    expect(dry.stdout).toMatch(/^google-contacts\.vcf \(vcard\): 16 fields into 6 records$/m)
    expect(dry.stdout).toMatch(/^ {2}new +contact\.email +\(email\) +from EMAIL \(home\)$/m)
    expect(dry.stdout).toMatch(/Dry run: nothing was written\.\n$/)
    expect(dry.stdout).not.toContain('ada@example.org') // paths and sources, never values
    expect(cli.run(['list', '--json']).stdout.trim()).toBe('[]')

    const done = cli.run(['import', file])
    expect([done.code, done.stderr]).toEqual([0, ''])
    expect(done.stdout).toMatch(/^16 fields imported, 14 tagged with claims\.$/m)
    expect(listed(cli.run(['list', '--json']).stdout)).toMatchObject({ 'contact.email': 'ada@example.org #email', 'identity.birthdate': '1815-12-10 #birthdate' })

    const again = cli.run(['import', file, '--json'])
    expect(again.code).toBe(0)
    expect(JSON.parse(again.stdout)).toMatchObject({ format: 'vcard', dryRun: false, counts: { new: 0, same: 16, conflict: 0 }, result: { written: 0, same: 16 } })
  }, CLI_RUNS)

  it('a conflict is kept and listed by default, replaced with --replace; a CSV column maps with --map', () => {
    const cli = cliSandbox()
    expect(cli.run(['init', '--json']).code).toBe(0)
    expect(cli.run(['set', 'contact.email'], {}, 'ada@newmail.example\n').code).toBe(0)
    const file = join(FIXTURES, 'me.csv')
    const kept = cli.run(['import', file, '--map', 'Favourite colour=preferences.colour', '--tier', 'restricted'])
    expect([kept.code, kept.stderr]).toEqual([0, ''])
    expect(kept.stdout).toMatch(/^ {2}keep +contact\.email +\(email\) +from line 2, column "email"$/m)
    expect(kept.stdout).toMatch(/^ {2}1 field holds a different value: kept \(--replace to take the file's\)$/m)
    expect(kept.stdout).toMatch(/^5 fields imported, 1 kept, 4 tagged with claims\.$/m)
    const afterKeep = listed(cli.run(['list', '--json']).stdout)
    expect(afterKeep).toMatchObject({ 'contact.email': 'ada@newmail.example', 'preferences.colour': 'green' })

    // Without --map, the mapping given last time for this header row is used again, and said so.
    const replaced = cli.run(['import', file, '--replace'])
    expect(replaced.stdout).toMatch(/^ {2}\(columns mapped as in your last import of a CSV with these columns; --map to change it\)$/m)
    expect(replaced.stdout).toMatch(/^1 field imported, 5 already there, 1 replaced, 1 tagged with claims\.$/m)
    expect(listed(cli.run(['list', '--json']).stdout)['contact.email']).toBe('ada@example.org #email')
  }, CLI_RUNS)

  it('bad input: one line naming the line or member, exit 2, nothing written; a missing file exits 5', () => {
    const cli = cliSandbox()
    expect(cli.run(['init', '--json']).code).toBe(0)
    const vcard = cli.run(['import', join(FIXTURES, 'malformed.vcf')])
    expect([vcard.code, vcard.stdout, vcard.stderr]).toEqual([2, '', 'mevault: The vCard is malformed at line 5\n'])
    const value = cli.run(['import', join(FIXTURES, 'bad-email.csv')])
    expect([value.code, value.stderr]).toEqual([2, 'mevault: line 3, column "email": The value for row_2.email is not an email address; nothing was imported\n'])
    const map = cli.run(['import', join(FIXTURES, 'me.csv'), '--map', 'Shoe size=shoe_size'])
    expect([map.code, map.stderr]).toEqual([2, 'mevault: --map names a column the CSV does not have: "Shoe size"\n'])
    const member = join(cli.root, 'broken.json')
    writeFileSync(member, JSON.stringify({ format: 'mevault.export/1', fields: [{ path: 'contact.email', value: 'a@b.example' }, { path: 'nodot', value: 'x' }] }))
    expect(cli.run(['import', member]).stderr).toBe('mevault: fields[1].path is not a RECORD.FIELD path\n')
    expect(cli.run(['list', '--json']).stdout.trim()).toBe('[]')
    const missing = cli.run(['import', join(cli.root, 'nowhere.vcf')])
    expect(missing.code).toBe(5)
  }, CLI_RUNS)

  it('a 1PUX archive goes over as bytes and imports its identity', () => {
    const cli = cliSandbox()
    expect(cli.run(['init', '--json']).code).toBe(0)
    const file = join(cli.root, 'export.1pux')
    writeFileSync(file, onePuxBytes())
    const done = cli.run(['import', file])
    expect([done.code, done.stderr]).toEqual([0, ''])
    expect(listed(cli.run(['list', '--json']).stdout)).toMatchObject({ 'identity.family_name': 'Lovelace #family_name', 'notes.gym_locker': 'Locker code is in the blue notebook.' })
  }, CLI_RUNS)
})
