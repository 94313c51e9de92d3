import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { createTempVaultApi } from '../../../test/helpers/temp-vault-api.js'
import { invokeMethod } from '../../shared/api.js'
import { isMeVaultError } from '../../shared/errors.js'

const resource = (name: string) => readFileSync(new URL(`../../../resources/requests/${name}`, import.meta.url), 'utf8')
const NEWSLETTER = resource('newsletter-signup.json')
const BANK_SIGNED = resource('bank-kyc.signed.jws')
const GARDEN = 'did:key:z6MkngWYDKKJ9RLDwc1JGjqV4Yxrhf6GvaPrAMDyJHrKDCkD'
const NORDBANK = 'did:key:z6MkiaMbhXHNA4eJVCCj8dbzKzTgYDKf6crKgHVHid1F1WCT'

async function vaultWithFields() {
  const api = createTempVaultApi()
  await api['vault.create']({ passphrase: 'correct horse battery' })
  await api['fields.set']({ path: 'contact.email', value: 'zoe@example.org', tier: 'public', type: 'email' })
  await api['fields.set']({ path: 'identity.full_name', value: 'Zoë Garden', tier: 'restricted' })
  await api['fields.set']({ path: 'identity.first_name', value: 'Zoë', tier: 'restricted' })
  await api['fields.set']({ path: 'identity.date_of_birth', value: '1990-01-01', tier: 'private' })
  return api
}

const suggestions = (lines: { path: string; suggestion: string; defaultChoice: boolean }[]) =>
  Object.fromEntries(lines.filter((l) => l.suggestion !== 'missing').map((l) => [l.path, [l.suggestion, l.defaultChoice]]))

describe('standing policy, one rule at a time', () => {
  it('sets one tier rule, keeps it across locking, and refuses to pre-approve restricted fields', async () => {
    const api = await vaultWithFields()
    const view = await api['policy.setTierRule']({ tier: 'public', rule: 'share' })
    expect(view.tiers).toEqual({ public: 'share', restricted: 'ask', private: 'never' })
    expect(view.preset).toBe('share-public')
    expect((await api['policy.setTierRule']({ tier: 'private', rule: 'ask' })).preset).toBe(null)

    const share = await api['policy.setTierRule']({ tier: 'restricted', rule: 'share' }).catch((e: unknown) => e)
    expect(isMeVaultError(share, 'BAD_INPUT')).toBe(true)
    expect((share as Error).message).toBe('The rule for restricted fields is ask or never')

    await api['vault.lock']()
    await api['vault.unlock']({ passphrase: 'correct horse battery' })
    expect((await api['policy.get']()).tiers).toEqual({ public: 'share', restricted: 'ask', private: 'ask' })
    expect(suggestions((await api['requests.preview']({ text: NEWSLETTER })).lines)).toEqual({
      'contact.email': ['share', true],
      'identity.first_name': ['ask', false]
    })
  })

  it('a block rule turns a requester down on the consent screen; removing it brings the tier rules back', async () => {
    const api = await vaultWithFields()
    await api['policy.applyPreset']({ preset: 'share-public' })
    const blocked = await api['policy.setRequesterRule']({ requester: GARDEN, rule: 'block' })
    expect(blocked.requesters).toEqual({ [GARDEN]: 'block' })
    const preview = await api['requests.preview']({ text: NEWSLETTER })
    expect(preview.requesterRule).toBe('block')
    expect(suggestions(preview.lines)).toEqual({ 'contact.email': ['never', false], 'identity.first_name': ['never', false] })
    expect(preview.lines[0]?.reason).toBe('you blocked this requester')
    // A preset replaces the tier rules only.
    expect((await api['policy.applyPreset']({ preset: 'ask-me' })).requesters).toEqual({ [GARDEN]: 'block' })

    expect((await api['policy.setRequesterRule']({ requester: GARDEN, rule: 'none' })).requesters).toEqual({})
    expect((await api['requests.preview']({ text: NEWSLETTER })).requesterRule).toBe('none')
  })

  it('"allow" pre-approves a signed request’s non-private fields, but only asks when the request is unsigned', async () => {
    const api = await vaultWithFields()
    await api['policy.setRequesterRule']({ requester: NORDBANK, rule: 'allow' })
    // The bank asks by claim: the fields that carry those claims answer.
    await api['fields.claim']({ path: 'identity.first_name', claim: 'given_name' })
    await api['fields.claim']({ path: 'identity.date_of_birth', claim: 'birthdate' })
    await api['fields.claim']({ path: 'contact.email', claim: 'email' })
    const signed = await api['requests.preview']({ text: BANK_SIGNED })
    expect(signed.signature.status).toBe('valid')
    expect(suggestions(signed.lines)).toEqual({
      given_name: ['share', true],
      birthdate: ['never', false],
      email: ['share', true]
    })

    await api['policy.setRequesterRule']({ requester: GARDEN, rule: 'allow' })
    const unsigned = await api['requests.preview']({ text: NEWSLETTER })
    expect(suggestions(unsigned.lines)['contact.email']).toEqual(['ask', false])
    expect(unsigned.lines[0]?.reason).toBe('you allow this requester, but this request is not signed by them')
  })

  it('says what is wrong with a requester that is not a did:key, or a rule that does not exist', async () => {
    const api = await vaultWithFields()
    const pasted = await invokeMethod(api, 'policy.setRequesterRule', { requester: 'Nordbank', rule: 'allow' })
    expect(pasted).toEqual({
      ok: false,
      error: { code: 'BAD_INPUT', message: 'policy.setRequesterRule: requester: requester must be an Ed25519 did:key ("did:key:z6Mk…")' }
    })
    const rule = await invokeMethod(api, 'policy.setRequesterRule', { requester: GARDEN, rule: 'trust' })
    expect(rule).toMatchObject({ ok: false, error: { message: 'policy.setRequesterRule: rule: rule must be allow, ask, block or none' } })
    // The right shape but not a key: the core's check catches it.
    const notAKey = await invokeMethod(api, 'policy.setRequesterRule', { requester: `did:key:z6Mk${'1'.repeat(44)}`, rule: 'ask' })
    expect(notAKey).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } })
    expect((await api['policy.get']()).requesters).toEqual({})
  })
})
