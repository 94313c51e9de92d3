import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { joseVerify, requestSandbox } from './request-fixture.js'

/** `request show`, `request answer`, `ledger` and `policy` with requests that ask by claim and declare a use (issue 12 §2, §5). */

const BANK = resolve('resources/requests/bank-kyc.json')
const REWARDS = resolve('resources/requests/shopping-rewards.json')

describe('requests that ask by claim, from the command line', { timeout: 180_000 }, () => {
  it('shows which field answers each claim and how to add a missing one, shares under the claim names, and the ledger says what the bank may do', async () => {
    const { cli, ok, file } = requestSandbox()
    ok(['set', 'me.vorname', '--claim', 'given_name', '--tier', 'restricted'], 'Ada\n')
    ok(['claim', 'identity.date_of_birth', 'birthdate'])

    const text = ok(['request', 'show', BANK]).stdout
    expect(text).toContain('Beyond purpose: Kept only by Nordbank Savings')
    expect(text).toMatch(/^First name +given_name +me\.vorname +restricted +ask +"Ada"/m)
    expect(text).toMatch(/^Date of birth +birthdate +identity\.date_of_birth +private +never/m)
    expect(text).toMatch(/^Last name +family_name +missing +- +missing/m)
    expect(text).toContain('Last name (family_name): missing: add it with `mevault set identity.family_name --claim family_name`')
    expect(text).not.toContain('Lovelace') // identity.full_name is held, but nobody asked for it

    const json = JSON.parse(ok(['request', 'show', BANK, '--json']).stdout)
    expect(json.use).toEqual({ sharing: 'requester-only' })
    expect(json.lines[0]).toMatchObject({ requestedKey: 'given_name', claim: 'given_name', label: 'First name', field: 'me.vorname', held: true })

    // A line the vault lacks cannot be approved; the held ones go out under their claim names.
    const lacking = cli.run(['request', 'answer', BANK, '--approve', 'family_name', '--out', 'no.jws'])
    expect(lacking).toMatchObject({ code: 2, stderr: 'mevault: Cannot approve family_name: it is not in your vault\n' })
    const answered = JSON.parse(ok(['request', 'answer', BANK, '--approve', 'given_name,birthdate', '--out', 'packet.jws', '--json']).stdout)
    const { payload } = await joseVerify(readFileSync(file('packet.jws'), 'utf8'))
    expect(payload.claims).toEqual({ given_name: 'Ada', birthdate: '1815-12-10' })
    expect(payload.terms).toMatchObject({ use: { sharing: 'requester-only' } })
    expect(answered.receipt).toMatchObject({
      disclosed: ['me.vorname', 'identity.date_of_birth'],
      claims: { given_name: 'me.vorname', birthdate: 'identity.date_of_birth' }
    })

    expect(ok(['ledger']).stdout).toContain('What they may do with it: Kept only by Nordbank Savings')
    const holders = ok(['ledger', 'who-has', 'me.vorname']).stdout
    expect(holders).toContain('Nordbank Savings')
    expect(holders).toContain('What they may do with it: Kept only by Nordbank Savings')
  })

  it('says plainly when a request sells individually or does not say, and refuses a sale under the standing policy', async () => {
    const { cli, ok, writeRequest } = requestSandbox()
    ok(['claim', 'contact.email', 'email'])
    expect(ok(['request', 'show', writeRequest('silent.json')]).stdout).toContain(
      'Beyond purpose: Caution: Example Bank does not say what happens to your data beyond this purpose'
    )
    expect(ok(['request', 'show', REWARDS]).stdout).toContain('Beyond purpose: WARNING: Sold to others, with your name on it')

    expect(ok(['policy', 'sold-individually', 'refuse']).stdout).toBe('requests that sell your data individually: refused\n')
    expect(JSON.parse(ok(['policy', 'show', '--json']).stdout).refuseSoldIndividually).toBe(true)
    const show = JSON.parse(ok(['request', 'show', REWARDS, '--json']).stdout)
    expect(show.refusal).toBe('you refuse requests that sell your data individually')
    expect(show.lines.find((line: { requestedKey: string }) => line.requestedKey === 'email')).toMatchObject({ held: true, suggestion: 'never' })
    expect(ok(['request', 'show', REWARDS]).stdout).toContain('REFUSED by your policy: you refuse requests that sell your data individually')
    const refused = cli.run(['request', 'answer', REWARDS, '--approve', 'email', '--out', 'sold.jws'])
    expect(refused.code).toBe(2)
    expect(refused.stderr).toMatch(/^mevault: Cannot share anything with this request: you refuse requests that sell your data individually.*\n$/)
    expect(cli.run(['policy', 'sold-individually', 'maybe'])).toMatchObject({
      code: 2,
      stderr: 'mevault: The rule for requests that sell your data individually is refuse or ask\n'
    })

    ok(['policy', 'sold-individually', 'ask'])
    const shared = JSON.parse(ok(['request', 'answer', REWARDS, '--approve', 'email', '--out', 'sold.jws', '--json']).stdout)
    expect(shared.receipt).toMatchObject({ disclosed: ['contact.email'], terms: { use: { sharing: 'sold-individually' } } })
    expect(ok(['ledger']).stdout).toContain('What they may do with it: WARNING: Sold to others, with your name on it')
  })
})
