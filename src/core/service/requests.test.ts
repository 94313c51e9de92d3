import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { createTempVaultApi } from '../../../test/helpers/temp-vault-api.js'
import { isMeVaultError } from '../../shared/errors.js'
import { sodium } from '../crypto/sodium.js'
import { openSealedPacket } from '../packets/seal.js'
import { testKeys } from '../packets/test-keys.js'
import { verifyPacket } from '../packets/verify-packet.js'

const NEWSLETTER = readFileSync(new URL('../../../resources/requests/newsletter-signup.json', import.meta.url), 'utf8')
/** Gives an X25519 key (the public test key of src/core/packets/test-keys.ts) to seal the answer to. */
const BANK = readFileSync(new URL('../../../resources/requests/bank-kyc.json', import.meta.url), 'utf8')

async function vaultWithFields() {
  const api = createTempVaultApi()
  await api['vault.create']({ passphrase: 'correct horse battery' })
  await api['fields.set']({ path: 'contact.email', value: 'zoe@example.org', tier: 'public', type: 'email' })
  await api['fields.set']({ path: 'identity.first_name', value: 'Zoë', tier: 'restricted' })
  await api['fields.set']({ path: 'health.blood_type', value: 'AB-' })
  return api
}

describe('answering a request through the vault service', () => {
  it('previews who asks and each field, pre-approving nothing the default policy would not share', async () => {
    const api = await vaultWithFields()
    const preview = await api['requests.preview']({ text: NEWSLETTER })
    expect(preview.requester.name).toBe('The Weekly Garden')
    expect(preview.signature.status).toBe('unsigned')
    expect(preview.retention).toBe('P1Y')
    expect(preview.lines.map((l) => [l.path, l.held, l.tier ?? null, l.preview ?? null, l.defaultChoice])).toEqual([
      ['contact.email', true, 'public', 'zoe@example.org', false],
      ['identity.first_name', true, 'restricted', 'Zoë', false],
      ['preferences.language', false, null, null, false]
    ])
  })

  it('with the "share public" preset, pre-approves public fields only', async () => {
    const api = await vaultWithFields()
    // A fresh vault follows the starting rules, a preset of their own (issue 15, finding 10).
    expect((await api['policy.get']()).preset).toBe('ask-first')
    expect((await api['policy.applyPreset']({ preset: 'share-public' })).preset).toBe('share-public')
    // Saved in the vault: still there after locking and unlocking.
    await api['vault.lock']()
    await api['vault.unlock']({ passphrase: 'correct horse battery' })
    expect((await api['policy.get']()).tiers).toEqual({ public: 'share', restricted: 'ask', private: 'never' })
    const preview = await api['requests.preview']({ text: NEWSLETTER })
    expect(preview.lines.filter((l) => l.defaultChoice).map((l) => l.path)).toEqual(['contact.email'])
  })

  it('signs a packet holding exactly the approved subset, which verifies against the request, and logs it', async () => {
    const api = await vaultWithFields()
    const answer = await api['requests.answer']({ text: NEWSLETTER, approve: ['contact.email'] })
    expect(answer.outcome).toBe('partly-shared')
    expect(answer.fileName).toMatch(/^mevault-answer-the-weekly-garden-\d{4}-\d{2}-\d{2}\.jws$/)
    const checked = await verifyPacket(answer.packet, { request: NEWSLETTER })
    expect(checked.valid).toBe(true)
    expect(checked.payload?.claims).toEqual({ 'contact.email': 'zoe@example.org' })
    expect(checked.signer).toBe((await api['vault.state']()).status?.did)

    const ledger = await api['ledger.list']()
    expect(ledger).toHaveLength(1)
    expect(ledger[0]).toMatchObject({
      outcome: 'partly-shared',
      disclosed: ['contact.email'],
      refused: ['identity.first_name', 'preferences.language'],
      requester: { name: 'The Weekly Garden' }
    })
    expect(JSON.stringify(ledger)).not.toContain('zoe@example.org')
  })

  it('seals the answer when the request gives a key: only the requester opens it, and it verifies', async () => {
    const api = await vaultWithFields()
    await api['fields.set']({ path: 'identity.surname', value: 'Garden', tier: 'restricted', claim: 'family_name' })
    await api['fields.claim']({ path: 'contact.email', claim: 'email' })
    expect((await api['requests.preview']({ text: BANK })).sealedAnswer).toBe(true)
    expect((await api['requests.preview']({ text: NEWSLETTER })).sealedAnswer).toBe(false)

    const answer = await api['requests.answer']({ text: BANK, approve: ['family_name', 'email'] })
    expect(answer.sealed).toBe(true)
    expect(answer.fileName).toMatch(/^mevault-answer-nordbank-savings-\d{4}-\d{2}-\d{2}\.sealed\.json$/)
    expect(answer.packet).not.toContain('Garden')
    expect(JSON.parse(answer.packet)).toMatchObject({ type: 'mevault.sealed-packet/1', to: 'did:key:z6MkiaMbhXHNA4eJVCCj8dbzKzTgYDKf6crKgHVHid1F1WCT' })

    const jws = await openSealedPacket(answer.packet, (await testKeys()).requesterBox)
    const checked = await verifyPacket(jws, { request: BANK })
    expect(checked.valid).toBe(true)
    expect(checked.payload?.claims).toEqual({ family_name: 'Garden', email: 'zoe@example.org' })
    expect(checked.signer).toBe((await api['vault.state']()).status?.did)
    // Nobody else's key opens it.
    await expect(openSealedPacket(answer.packet, sodium().crypto_box_keypair())).rejects.toThrow('sealed to another X25519 key')
  })

  it('refuses with an empty, still signed answer, and never shares a path the request did not ask for', async () => {
    const api = await vaultWithFields()
    const sneaky = await api['requests.answer']({ text: NEWSLETTER, approve: ['health.blood_type'] }).catch((e: unknown) => e)
    expect(isMeVaultError(sneaky, 'BAD_INPUT')).toBe(true)
    expect((sneaky as Error).message).toContain('the request did not ask for it')
    const refused = await api['requests.answer']({ text: NEWSLETTER, approve: [] })
    expect(refused.outcome).toBe('refused')
    expect((await verifyPacket(refused.packet, { request: NEWSLETTER })).payload?.claims).toEqual({})
    expect((await api['ledger.list']()).map((e) => e.outcome)).toEqual(['refused'])
  })

  it('keeps the signed ledger across locking, answers a request twice only when asked to, and withdraws consent', async () => {
    const api = await vaultWithFields()
    await api['requests.answer']({ text: NEWSLETTER, approve: ['contact.email', 'identity.first_name'] })
    const twice = await api['requests.answer']({ text: NEWSLETTER, approve: [] }).catch((e: unknown) => e)
    expect(isMeVaultError(twice, 'EXISTS')).toBe(true)
    expect((await api['requests.preview']({ text: NEWSLETTER })).answeredBefore?.outcome).toBe('partly-shared')

    await api['vault.lock']()
    await api['vault.unlock']({ passphrase: 'correct horse battery' })
    const [entry] = await api['ledger.list']()
    expect(entry?.disclosed).toEqual(['contact.email', 'identity.first_name'])
    const withdrawal = await api['ledger.withdraw']({ receiptId: entry!.id })
    expect(withdrawal.alreadyWithdrawn).toBe(false)
    expect(withdrawal.notice.split('.')).toHaveLength(3)
    expect((await api['ledger.list']())[0]?.withdrawnAt).toBeDefined()
    await api['requests.answer']({ text: NEWSLETTER, approve: [], again: true })
    expect((await api['ledger.list']()).map((e) => e.outcome)).toEqual(['refused', 'partly-shared'])
  })

  it('says clearly what is wrong with a bad or expired request file', async () => {
    const api = await vaultWithFields()
    const notJson = await api['requests.preview']({ text: '{ nope' }).catch((e: unknown) => e)
    expect(isMeVaultError(notJson, 'BAD_INPUT')).toBe(true)
    const expired = NEWSLETTER.replace('2030-12-31T23:59:59Z', '2001-01-01T00:00:00Z')
    const old = await api['requests.preview']({ text: expired }).catch((e: unknown) => e)
    expect((old as Error).message).toBe('The request expired at 2001-01-01T00:00:00Z')
  })
})

describe('changing the passphrase', () => {
  it('needs the current passphrase, then only the new one unlocks', async () => {
    const api = createTempVaultApi()
    await api['vault.create']({ passphrase: 'correct horse battery' })
    const wrong = await api['vault.changePassphrase']({ current: 'not it at all', next: 'new staple gun' }).catch((e: unknown) => e)
    expect(isMeVaultError(wrong, 'WRONG_CREDENTIALS')).toBe(true)
    await api['vault.changePassphrase']({ current: 'correct horse battery', next: 'new staple gun' })
    await api['vault.lock']()
    const old = await api['vault.unlock']({ passphrase: 'correct horse battery' }).catch((e: unknown) => e)
    expect(isMeVaultError(old, 'WRONG_CREDENTIALS')).toBe(true)
    expect((await api['vault.unlock']({ passphrase: 'new staple gun' })).fields).toBe(0)
  })
})
