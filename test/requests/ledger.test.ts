import { readFileSync, writeFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { verifyWithdrawalNotice } from '../../src/core/ledger/index.js'
import { sampleRequest } from '../../src/core/requests/sample-request.js'
import { joseVerify, requestSandbox } from './request-fixture.js'

const REQUESTER = sampleRequest().requester

describe('the ledger and the verifier from the command line', { timeout: 180_000 }, () => {
  it('withdraws consent with a signed notice for the requester, and shows it in the ledger', async () => {
    const { cli, ok, writeRequest, file } = requestSandbox()
    const did = ok(['whoami']).stdout.trim()
    ok(['request', 'answer', writeRequest('bank.json'), '--approve', 'identity.full_name', '--out', 'packet.jws'])
    const [receipt] = JSON.parse(ok(['ledger', '--json']).stdout)

    const withdrawn = ok(['ledger', 'withdraw', receipt.id, '--out', 'notice.jws'])
    expect(withdrawn.stderr).toContain('Send the notice')
    const notice = readFileSync(file('notice.jws'), 'utf8').trim()
    const { header, payload } = await joseVerify(notice)
    expect(header).toMatchObject({ alg: 'EdDSA', typ: 'mevault.withdrawal.v1+jwt', kid: did })
    expect(payload).toMatchObject({ iss: did, aud: REQUESTER.id, receipt: receipt.id, paths: ['identity.full_name'], packet: { sha256: receipt.packet.sha256 } })
    expect((await verifyWithdrawalNotice(notice)).statement).toMatch(/withdraw my consent/)

    const [after] = JSON.parse(ok(['ledger', '--json']).stdout)
    expect(after.withdrawal.notice).toBe(notice)
    expect(ok(['ledger', 'who-has', 'identity.full_name']).stdout).toContain('consent withdrawn')
    expect(ok(['ledger', 'withdraw', receipt.id]).stdout.trim()).toBe(notice) // asked again: the same notice

    expect(cli.run(['ledger', 'withdraw', 'rc-2026-01-0000000000000000'])).toMatchObject({ code: 5, stderr: expect.stringContaining('No receipt') })
    expect(cli.run(['ledger', 'who-has', 'not-a-path']).code).toBe(2)
  })

  it('refuses a packet changed in any way, naming the failed check, with the integrity exit code', () => {
    const { cli, ok, writeRequest } = requestSandbox()
    const request = writeRequest('bank.json')
    ok(['request', 'answer', request, '--approve', 'contact.email', '--out', 'packet.jws'])
    const jws = readFileSync(`${cli.root}/packet.jws`, 'utf8').trim()
    const [h = '', p = '', s = ''] = jws.split('.')

    const flipped = `${h}.${p.slice(0, 20)}${p[20] === 'A' ? 'B' : 'A'}${p.slice(21)}.${s}`
    writeFileSync(`${cli.root}/flipped.jws`, flipped)
    const flippedRun = cli.run(['packet', 'verify', 'flipped.jws'])
    expect(flippedRun.code).toBe(4)
    expect(flippedRun.stderr).toMatch(/^mevault: Packet refused: (format|signature|issuer|time): /)

    // A requester adding a claim the person never gave: well-formed, but the signature no longer holds.
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString('utf8'))
    payload.claims['identity.date_of_birth'] = '1815-12-10'
    writeFileSync(`${cli.root}/forged.jws`, `${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${s}`)
    const forged = cli.run(['packet', 'verify', 'forged.jws', '--json'])
    expect(forged.code).toBe(4)
    expect(forged.stderr).toContain('Packet refused: signature:')
    expect(JSON.parse(forged.stdout).checks.find((c: { name: string }) => c.name === 'signature').status).toBe('fail')

    // The right packet against another request: the request checks fail.
    const other = writeRequest('other.json', { nonce: 'aDifferentNonce1234567' })
    const mismatch = cli.run(['packet', 'verify', 'packet.jws', '--request', other])
    expect(mismatch.code).toBe(4)
    expect(mismatch.stderr).toContain('request-hash')
    expect(cli.run(['packet', 'verify', 'missing.jws']).code).toBe(5)
  })

  it('turns away malformed and expired requests with a clear message and exit code 2', () => {
    const { cli, ok, writeRequest } = requestSandbox()
    const notJson = cli.run(['request', 'show', writeRequest('broken.json', {}, '{"type": "mevault.request/1", ')])
    expect(notJson).toMatchObject({ code: 2, stderr: 'mevault: The request is not valid JSON\n' })

    const badPath = writeRequest('bad-path.json', { fields: [{ path: 'email', purpose: 'x', required: true }] })
    const badPathRun = cli.run(['request', 'show', badPath])
    expect(badPathRun.code).toBe(2)
    expect(badPathRun.stderr).toContain('fields[0].path: must be RECORD.FIELD')

    const expired = writeRequest('expired.json', { expiresAt: '2020-01-01T00:00:00Z' })
    const expiredRun = cli.run(['request', 'answer', expired, '--approve', 'contact.email', '--out', 'x.jws'])
    expect(expiredRun).toMatchObject({ code: 2, stderr: 'mevault: The request expired at 2020-01-01T00:00:00Z\n' })

    const unasked = cli.run(['request', 'answer', writeRequest('ok.json'), '--approve', 'health.blood_type', '--out', 'x.jws'])
    expect(unasked).toMatchObject({ code: 2, stderr: expect.stringContaining('the request did not ask for it') })
    expect(cli.run(['request', 'answer', writeRequest('ok2.json'), '--policy', '--deny', '--out', 'x.jws']).code).toBe(2)
    expect(JSON.parse(ok(['ledger', '--json']).stdout)).toEqual([]) // nothing refused above left a receipt
  })

  it('keeps the standing policy: presets, tier rules and per-requester rules', () => {
    const { cli, ok, writeRequest } = requestSandbox()
    expect(JSON.parse(ok(['policy', 'show', '--json']).stdout).tiers).toEqual({ public: 'ask', restricted: 'ask', private: 'never' })
    ok(['policy', 'preset', 'share-public'])
    ok(['policy', 'set', 'restricted', 'never'])
    expect(cli.run(['policy', 'set', 'private', 'share'])).toMatchObject({ code: 2, stderr: 'mevault: The rule for private fields is ask or never\n' })
    ok(['policy', 'requester', REQUESTER.id, 'block'])
    expect(JSON.parse(ok(['policy', 'show', '--json']).stdout)).toEqual({
      tiers: { public: 'share', restricted: 'never', private: 'never' },
      requesters: { [REQUESTER.id]: 'block' },
      refuseSoldIndividually: false
    })
    const blocked = JSON.parse(ok(['request', 'show', writeRequest('bank.json'), '--json']).stdout)
    expect(blocked.lines.map((l: { suggestion: string }) => l.suggestion)).toEqual(['never', 'never', 'never'])
    ok(['policy', 'requester', REQUESTER.id, 'none'])
    const byTier = JSON.parse(ok(['request', 'show', writeRequest('bank2.json'), '--json']).stdout)
    expect(byTier.lines.map((l: { suggestion: string }) => l.suggestion)).toEqual(['never', 'never', 'share'])
    expect(cli.run(['policy', 'requester', 'did:web:example.com', 'allow']).code).toBe(2)
  })
})
