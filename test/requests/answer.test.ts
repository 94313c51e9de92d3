import { execFileSync } from 'node:child_process'
import { readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { publicKeyFromDidKey } from '../../src/core/crypto/did-key.js'
import { openSealedPacket } from '../../src/core/packets/seal.js'
import { testKeys } from '../../src/core/packets/test-keys.js'
import { verifyPacket } from '../../src/core/packets/verify-packet.js'
import { toBase64url } from '../../src/core/crypto/jws.js'
import { sampleRequest } from '../../src/core/requests/sample-request.js'
import { ed25519SpkiPem, joseVerify, requestSandbox } from './request-fixture.js'

const REQUESTER = sampleRequest().requester

describe('answering a request from the command line', { timeout: 180_000 }, () => {
  it('shares exactly the approved subset in a packet that jose, openssl and mevault verify, and the ledger remembers it', async () => {
    const { cli, ok, writeRequest, file } = requestSandbox()
    const request = writeRequest('bank.json')
    const did = ok(['whoami']).stdout.trim()

    const shown = JSON.parse(ok(['request', 'show', request, '--json']).stdout)
    expect(shown.lines.map((l: { path: string; held: boolean; tier?: string; suggestion: string }) => [l.path, l.held, l.tier, l.suggestion])).toEqual([
      ['identity.full_name', true, 'restricted', 'ask'],
      ['identity.date_of_birth', true, 'private', 'never'],
      ['contact.email', true, 'public', 'ask']
    ])
    expect(shown.signature).toEqual({ status: 'unsigned' })
    const text = ok(['request', 'show', request]).stdout
    expect(text).toContain('Example Bank')
    expect(text).toContain('25 EUR')
    expect(text).toContain('P5Y')
    expect(text).not.toContain('O+') // a field the request does not ask for is never shown

    const answered = ok(['request', 'answer', request, '--approve', 'contact.email,identity.full_name', '--out', 'packet.jws', '--json'])
    const { receipt } = JSON.parse(answered.stdout)
    expect(statSync(file('packet.jws')).mode & 0o077).toBe(0)
    const jws = readFileSync(file('packet.jws'), 'utf8').trim()

    // jose alone, with the key from the did:key in kid
    const { header, payload } = await joseVerify(jws)
    expect(header).toMatchObject({ alg: 'EdDSA', kid: did })
    expect(payload.claims).toEqual({ 'identity.full_name': 'Ada Lovelace', 'contact.email': 'ada@example.org' })
    expect(payload).toMatchObject({ iss: did, aud: REQUESTER.id, nonce: sampleRequest().nonce })

    // openssl on the raw key decoded from the did:key
    const [h = '', p = '', s = ''] = jws.split('.')
    writeFileSync(file('issuer.pem'), ed25519SpkiPem(publicKeyFromDidKey(did)))
    writeFileSync(file('signing-input'), `${h}.${p}`)
    writeFileSync(file('signature'), Buffer.from(s, 'base64url'))
    const openssl = execFileSync('openssl', ['pkeyutl', '-verify', '-pubin', '-inkey', file('issuer.pem'), '-rawin', '-in', file('signing-input'), '-sigfile', file('signature')], { encoding: 'utf8' })
    expect(openssl).toMatch(/Signature Verified Successfully/)

    // mevault packet verify needs no vault: run it with none configured
    const verified = cli.run(['packet', 'verify', 'packet.jws', '--request', request], { MEVAULT_HOME: join(cli.root, 'nowhere') })
    expect(verified.code).toBe(0)
    expect(verified.stdout).toContain('✓ nonce')
    expect(verified.stdout).toContain('2 claim(s): identity.full_name, contact.email')

    // the ledger: a signed receipt naming paths, never values
    expect(receipt).toMatchObject({ outcome: 'partly-shared', disclosed: ['identity.full_name', 'contact.email'], refused: ['identity.date_of_birth'] })
    const ledger = JSON.parse(ok(['ledger', '--json']).stdout)
    expect(ledger).toHaveLength(1)
    expect(ledger[0]).toMatchObject({ id: receipt.id, requester: { name: 'Example Bank', id: REQUESTER.id }, purpose: sampleRequest().purpose })
    expect(ledger[0].packet.sha256).toBe(Buffer.from(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(jws))).toString('hex'))
    expect(JSON.stringify(ledger)).not.toContain('Ada Lovelace')
    const signedReceipt = await joseVerify(ledger[0].jws)
    expect(signedReceipt.payload).toMatchObject({ iss: did, id: receipt.id, disclosed: ['identity.full_name', 'contact.email'] })
    expect(ok(['ledger']).stdout).toContain('Example Bank  partly-shared (2 shared, 1 refused)')

    const holders = JSON.parse(ok(['ledger', 'who-has', 'contact.email', '--json']).stdout)
    expect(holders.map((h: { requester: { name: string }; receiptId: string }) => [h.requester.name, h.receiptId])).toEqual([['Example Bank', receipt.id]])
    expect(ok(['ledger', 'who-has', 'identity.date_of_birth']).stdout).toContain('Nobody')
  })

  it('refuses to answer the same request twice unless asked, and records refusals too', () => {
    const { cli, ok, writeRequest } = requestSandbox()
    const request = writeRequest('bank.json')
    ok(['request', 'answer', request, '--approve', 'contact.email', '--out', 'first.jws'])

    const twice = cli.run(['request', 'answer', request, '--deny', '--out', 'second.jws'])
    expect(twice.code).toBe(2)
    expect(twice.stderr).toMatch(/already answered request req-2026-0001 .*--again/)

    const again = JSON.parse(ok(['request', 'answer', request, '--deny', '--again', '--out', 'second.jws', '--json']).stdout)
    expect(again.receipt).toMatchObject({ outcome: 'refused', disclosed: [], refused: ['identity.full_name', 'identity.date_of_birth', 'contact.email'] })
    expect(ok(['packet', 'verify', 'second.jws', '--request', request]).stdout).toContain('(none: a signed refusal)')
    const ledger = JSON.parse(ok(['ledger', '--json']).stdout)
    expect(ledger.map((r: { outcome: string }) => r.outcome).sort()).toEqual(['partly-shared', 'refused'])
    expect(ledger.find((r: { outcome: string }) => r.outcome === 'refused').repeatOf).toBe(ledger.find((r: { outcome: string }) => r.outcome !== 'refused').id)
    expect(cli.run(['request', 'answer', request, '--deny', '--again', '--out', 'second.jws']).code).toBe(2) // never overwrites a packet
  })

  it('answers by the standing policy, and seals to the requester when asked', async () => {
    const { cli, ok, writeRequest, file } = requestSandbox()
    const { requesterBox } = await testKeys()
    const request = writeRequest('sealed.json', { requester: { ...REQUESTER, publicKey: toBase64url(requesterBox.publicKey) } })
    ok(['policy', 'preset', 'share-public'])
    ok(['request', 'answer', request, '--policy', '--seal', '--out', 'sealed.json.packet'])

    const envelope = readFileSync(file('sealed.json.packet'), 'utf8')
    expect(envelope).not.toContain('ada@example.org')
    const refused = cli.run(['packet', 'verify', 'sealed.json.packet'])
    expect(refused.code).toBe(2)
    expect(refused.stderr).toContain('only the recipient can open it')

    const jws = await openSealedPacket(envelope, requesterBox)
    const check = await verifyPacket(jws, { request: readFileSync(request) })
    expect(check.valid).toBe(true)
    expect(check.payload?.claims).toEqual({ 'contact.email': 'ada@example.org' })

    const unsealable = writeRequest('plain.json', { id: 'req-plain' })
    const noKey = cli.run(['request', 'answer', unsealable, '--policy', '--seal', '--out', 'x.packet'])
    expect(noKey).toMatchObject({ code: 2, stderr: expect.stringContaining('no publicKey to seal') })
  })
})
