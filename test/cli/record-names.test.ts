import { describe, expect, it } from 'vitest'
import { cliSandbox } from '../helpers/cli.js'

/** Several CLI runs, each paying Argon2id (64 MiB) to unlock: minutes on a busy machine. */
const CLI_RUNS = 600_000

describe('mevault record rename: a name of their own for a record, read from stdin, never argv', () => {
  it('names a record, shows the name in list and list --json, refuses a bad name in one line, and takes the name away', () => {
    const cli = cliSandbox()
    expect(cli.run(['init', '--json']).code).toBe(0)
    expect(cli.run(['set', 'row_12.number'], {}, 'X1234567\n').code).toBe(0)
    expect(cli.run(['set', 'contact.email', '--type', 'email'], {}, 'ada@example.com\n').code).toBe(0)

    const renamed = cli.run(['record', 'rename', 'row_12'], {}, 'Passport\n')
    expect(renamed).toMatchObject({ code: 0, stdout: 'row_12 is now named Passport\n' })
    const listed = cli.run(['list'])
    expect(listed.stdout).toMatch(/^Passport \(row_12\):\nrow_12\.number +/m)
    expect(listed.stdout).not.toMatch(/\(contact\):/)
    const json = JSON.parse(cli.run(['list', '--json']).stdout) as Array<{ path: string; recordName?: string }>
    expect(json.map((f) => [f.path, f.recordName ?? null])).toEqual([
      ['contact.email', null],
      ['row_12.number', 'Passport']
    ])

    // A name is never an argument: the command takes the record alone.
    expect(cli.run(['record', 'rename', 'row_12', 'Passport']).code).not.toBe(0)
    const tooLong = cli.run(['record', 'rename', 'row_12'], {}, `${'N'.repeat(101)}\n`)
    expect(tooLong.code).toBe(2)
    expect(tooLong.stderr).toMatch(/at most 100 characters/)
    expect(tooLong.stderr).not.toContain('NNNN')
    expect(tooLong.stderr.trim().split('\n')).toHaveLength(1)
    expect(cli.run(['record', 'rename', 'nobody'], {}, 'Mum\n').code).toBe(5) // NOT_FOUND

    expect(cli.run(['record', 'rename', 'row_12', '--json'], {}, '\n')).toMatchObject({ code: 0, stdout: '{\n  "record": "row_12"\n}\n' })
    expect(cli.run(['list']).stdout).not.toContain('Passport')
  }, CLI_RUNS)
})
