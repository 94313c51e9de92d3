import { describe, expect, it } from 'vitest'
import { cliSandbox } from '../helpers/cli.js'

/** Several CLI runs, each paying Argon2id (64 MiB) to unlock: minutes on a busy machine. */
const CLI_RUNS = 600_000

describe('mevault claims and claim: tagging fields with the shared vocabulary', () => {
  it('lists the vocabulary, tags on set and afterwards, shows the claim in list --json, and untags', () => {
    const cli = cliSandbox()
    expect(cli.run(['init', '--json']).code).toBe(0)
    const claims = cli.run(['claims'])
    expect(claims.code).toBe(0)
    expect(claims.stdout).toMatch(/^birthdate +Date of birth \(date, restricted\)$/m)
    expect(claims.stdout).toMatch(/^address\.postal_code +Postal code/m)

    // The value comes on stdin, never the command line.
    const set = cli.run(['set', 'me.first', '--claim', 'given_name'], {}, 'Ada\n')
    expect(set.code).toBe(0)
    expect(set.stdout).toBe('Saved me.first (private, given_name)\n')
    expect(cli.run(['set', 'me.dob', '--type', 'date'], {}, '1815-12-10\n').code).toBe(0)
    expect(cli.run(['claim', 'me.dob', 'birthdate']).stdout).toBe('me.dob now answers for birthdate\n')

    const listed = JSON.parse(cli.run(['list', '--json']).stdout) as Array<{ path: string; claim?: string }>
    expect(listed.map((f) => [f.path, f.claim ?? null])).toEqual([
      ['me.dob', 'birthdate'],
      ['me.first', 'given_name']
    ])
    expect(JSON.parse(cli.run(['claims', '--json']).stdout).find((c: { name: string }) => c.name === 'birthdate')).toMatchObject({ field: 'me.dob' })

    expect(cli.run(['claim', 'me.dob', '--none']).stdout).toBe('me.dob carries no claim\n')
    expect(JSON.parse(cli.run(['get', 'me.dob', '--json']).stdout)).not.toHaveProperty('claim')
  }, CLI_RUNS)

  it('refuses an unknown claim, a missing field, and both a name and --none, each in one line', () => {
    const cli = cliSandbox()
    expect(cli.run(['init', '--json']).code).toBe(0)
    expect(cli.run(['set', 'me.first'], {}, 'Ada\n').code).toBe(0)
    const unknown = cli.run(['claim', 'me.first', 'shoe\u001b[31msize'])
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toMatch(/^mevault: No claim named .*`mevault claims` lists them/)
    expect(unknown.stderr).not.toContain('\u001b')
    expect(unknown.stderr.trim().split('\n')).toHaveLength(1)
    expect(cli.run(['claim', 'me.last', 'family_name']).code).toBe(5) // NOT_FOUND
    expect(cli.run(['claim', 'me.first', 'given_name', '--none']).code).toBe(2)
    expect(cli.run(['claim', 'me.first']).code).toBe(2)
    const setUnknown = cli.run(['set', 'me.last', '--claim', 'surname_please'], {}, 'Lovelace\n')
    expect(setUnknown.code).toBe(2)
    expect(cli.run(['get', 'me.last']).code).toBe(5) // nothing was set
  }, CLI_RUNS)
})
