import { readFileSync } from 'node:fs'
import { compactVerify, importJWK } from 'jose'
import { describe, expect, it } from 'vitest'
import { createTempVaultApi } from '../../../test/helpers/temp-vault-api.js'
import { isMeVaultError } from '../../shared/errors.js'
import { publicKeyFromDidKey } from '../crypto/did-key.js'
import { toBase64url } from '../crypto/jws.js'
import { verifyWithdrawalNotice } from '../ledger/index.js'

/** Requests that ask by claim (issue 12 §2) and say what happens to the data (§5), through the vault service. */

const resource = (name: string) => readFileSync(new URL(`../../../resources/requests/${name}`, import.meta.url), 'utf8')
const BANK = resource('bank-kyc.json')
const REWARDS = resource('shopping-rewards.json')
const PASSPHRASE = 'correct horse battery'

async function newVault() {
  const api = createTempVaultApi()
  await api['vault.create']({ passphrase: PASSPHRASE })
  return api
}

/** The payload of a compact JWS, checked with jose against the key its kid names (as any requester would). */
async function verifiedWithJose(jws: string): Promise<{ claims: Record<string, string>; terms: { use?: unknown } }> {
  const header = JSON.parse(Buffer.from(jws.split('.')[0] ?? '', 'base64url').toString('utf8')) as { kid: string }
  const key = await importJWK({ kty: 'OKP', crv: 'Ed25519', x: toBase64url(publicKeyFromDidKey(header.kid)) }, 'EdDSA')
  const { payload } = await compactVerify(jws, key, { algorithms: ['EdDSA'] })
  return JSON.parse(new TextDecoder().decode(payload)) as { claims: Record<string, string>; terms: { use?: unknown } }
}

describe('a request that asks by claim', () => {
  it('is answered by the fields the person tagged, whatever they named them, and the packet carries the claim names', async () => {
    const api = await newVault()
    await api['fields.set']({ path: 'me.vorname', value: 'Zoë', tier: 'restricted', claim: 'given_name' })
    await api['fields.set']({ path: 'me.geburtstag', value: '1990-04-01', tier: 'restricted', type: 'date', claim: 'birthdate' })
    await api['fields.set']({ path: 'notes.shoe_size', value: '38' })

    const preview = await api['requests.preview']({ text: BANK })
    const held = preview.lines.filter((line) => line.held)
    expect(held.map((line) => [line.requestedKey, line.label, line.field, line.preview])).toEqual([
      ['given_name', 'First name', 'me.vorname', 'Zoë'],
      ['birthdate', 'Date of birth', 'me.geburtstag', '1990-04-01']
    ])
    expect(preview.use).toEqual({ sharing: 'requester-only' })
    expect(preview.missingRequired).toContain('family_name')

    const answer = await api['requests.answer']({ text: BANK, approve: ['given_name', 'birthdate'], seal: false })
    const packet = await verifiedWithJose(answer.packet)
    expect(packet.claims).toEqual({ given_name: 'Zoë', birthdate: '1990-04-01' })
    expect(packet.terms.use).toEqual({ sharing: 'requester-only' })

    // The ledger names the vault paths that left (who has a field still works by path), and the claims.
    expect(answer.receipt).toMatchObject({
      disclosed: ['me.vorname', 'me.geburtstag'],
      claims: { given_name: 'me.vorname', birthdate: 'me.geburtstag' },
      terms: { use: { sharing: 'requester-only' } }
    })
    expect(answer.receipt.refused).toContain('family_name')
    const [entry] = await api['ledger.list']()
    expect(entry).toMatchObject({ disclosed: ['me.vorname', 'me.geburtstag'], terms: { retention: 'P5Y', use: { sharing: 'requester-only' } } })
    const holders = await api['ledger.whoHas']({ path: 'me.geburtstag' })
    expect(holders.map((holder) => [holder.requester.name, holder.use])).toEqual([['Nordbank Savings', { sharing: 'requester-only' }]])
    expect(JSON.stringify(await api['ledger.receipts']())).not.toContain('1990-04-01')

    // A withdrawal names what the bank received, by the claim names it knows, not the person's field names.
    const withdrawal = await verifyWithdrawalNotice((await api['ledger.withdraw']({ receiptId: answer.receipt.id })).notice)
    expect(withdrawal).toMatchObject({ paths: [], claims: ['given_name', 'birthdate'] })
  })

  it('shows a claim the vault lacks as missing, and shareable once a field carrying it is added', async () => {
    const api = await newVault()
    await api['fields.set']({ path: 'identity.date_of_birth', value: '1990-04-01', tier: 'restricted' })
    const before = (await api['requests.preview']({ text: BANK })).lines.find((line) => line.requestedKey === 'birthdate')
    // Named like the claim, but never matched without the person's say.
    expect(before).toMatchObject({ held: false, suggestion: 'missing', claim: 'birthdate', label: 'Date of birth', knownClaim: true })
    expect(before).not.toHaveProperty('field')
    const refused = await api['requests.answer']({ text: BANK, approve: ['birthdate'] }).catch((error: unknown) => error)
    expect(isMeVaultError(refused, 'BAD_INPUT')).toBe(true)
    expect((refused as Error).message).toBe('Cannot approve birthdate: it is not in your vault')

    await api['fields.claim']({ path: 'identity.date_of_birth', claim: 'birthdate' })
    const after = (await api['requests.preview']({ text: BANK })).lines.find((line) => line.requestedKey === 'birthdate')
    expect(after).toMatchObject({ held: true, field: 'identity.date_of_birth', suggestion: 'ask' })
    const answer = await api['requests.answer']({ text: BANK, approve: ['birthdate'], seal: false })
    expect((await verifiedWithJose(answer.packet)).claims).toEqual({ birthdate: '1990-04-01' })
  })
})

describe('the standing refusal of requests that sell data individually', () => {
  it('refuses every line of a request that sells individually while it is on, and lets it be answered when off', async () => {
    const api = await newVault()
    await api['fields.set']({ path: 'contact.email', value: 'zoe@example.org', tier: 'public', type: 'email', claim: 'email' })
    await api['policy.applyPreset']({ preset: 'share-public' })
    expect((await api['policy.get']()).refuseSoldIndividually).toBe(false)
    expect((await api['policy.setRefuseSoldIndividually']({ refuse: true })).refuseSoldIndividually).toBe(true)
    // A rule of the synced policy: still there after locking.
    await api['vault.lock']()
    await api['vault.unlock']({ passphrase: PASSPHRASE })
    expect(await api['policy.get']()).toMatchObject({ refuseSoldIndividually: true, preset: 'share-public' })

    const preview = await api['requests.preview']({ text: REWARDS })
    expect(preview.use).toEqual({ sharing: 'sold-individually' })
    expect(preview.refusal).toBe('you refuse requests that sell your data individually')
    expect(preview.lines.find((line) => line.requestedKey === 'email')).toMatchObject({
      held: true,
      suggestion: 'never',
      reason: 'you refuse requests that sell your data individually',
      defaultChoice: false
    })
    const chosen = await api['requests.answer']({ text: REWARDS, approve: ['email'] }).catch((error: unknown) => error)
    expect(isMeVaultError(chosen, 'BAD_INPUT')).toBe(true)
    expect((chosen as Error).message).toMatch(/^Cannot share anything with this request: you refuse requests that sell your data individually/)
    expect((await api['requests.answer']({ text: REWARDS, approve: 'policy' })).outcome).toBe('refused')

    await api['policy.setRefuseSoldIndividually']({ refuse: false })
    const answered = await api['requests.answer']({ text: REWARDS, approve: 'policy', again: true })
    expect(answered.outcome).toBe('partly-shared')
    expect(answered.shared).toEqual(['contact.email'])
    expect(answered.receipt.terms.use).toEqual({ sharing: 'sold-individually' })
  })
})
