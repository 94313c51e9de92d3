import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../../../test/helpers/temp-dir.js'
import { invokeMethod } from '../../shared/api.js'
import { createVaultService } from './index.js'

const PASSPHRASE = 'correct horse battery'

function service() {
  const root = tempDir('mevault-claims')
  return createVaultService({ vaultDir: join(root, 'vault'), keyFileFor: (id) => join(root, 'keys', `${id}.json`) })
}

describe('claims: fields tagged with the shared vocabulary, through the typed API', () => {
  it('tags a field, moves a claim to another field, untags, and keeps the tags over a lock', async () => {
    const api = service()
    await api['vault.create']({ passphrase: PASSPHRASE })
    expect(await api['fields.set']({ path: 'identity.first_name', value: 'Ada', claim: 'given_name' })).toMatchObject({ claim: 'given_name' })
    await api['fields.set']({ path: 'identity.nick', value: 'Countess' })
    await api['fields.set']({ path: 'me.dob', value: '1815-12-10', type: 'date' })
    await api['fields.claim']({ path: 'me.dob', claim: 'birthdate' })

    const claimOf = async (path: string) => (await api['fields.list']()).find((f) => f.path === path)?.claim
    expect(await claimOf('identity.first_name')).toBe('given_name')
    expect(await claimOf('identity.nick')).toBeUndefined()
    expect((await api['fields.search']({ text: '1815' }))[0]?.claim).toBe('birthdate')
    expect((await api['fields.page']({ offset: 0, limit: 10 })).fields.map((f) => f.claim ?? null)).toEqual(['given_name', null, 'birthdate'])

    // A claim belongs to one field: tagging another field takes it from the first.
    await api['fields.claim']({ path: 'identity.nick', claim: 'given_name' })
    expect(await claimOf('identity.first_name')).toBeUndefined()
    expect(await claimOf('identity.nick')).toBe('given_name')
    // And a field carries one claim: a new one replaces the old.
    await api['fields.claim']({ path: 'identity.nick', claim: 'nickname' })
    const claims = await api['claims.list']()
    expect(claims.find((c) => c.name === 'nickname')).toMatchObject({ label: 'Nickname', field: 'identity.nick' })
    expect(claims.find((c) => c.name === 'given_name')?.field).toBeUndefined()
    expect(claims.find((c) => c.name === 'birthdate')).toMatchObject({ label: 'Date of birth', field: 'me.dob' })

    expect(await api['fields.claim']({ path: 'me.dob', claim: null })).not.toHaveProperty('claim')
    await api['vault.lock']()
    await api['vault.unlock']({ passphrase: PASSPHRASE })
    expect(await claimOf('identity.nick')).toBe('nickname')
    expect(await claimOf('me.dob')).toBeUndefined()
    await api['vault.lock']()
  })

  it('refuses a claim not in the vocabulary, or a field that is not there, and changes nothing', async () => {
    const api = service()
    await api['vault.create']({ passphrase: PASSPHRASE })
    await api['fields.set']({ path: 'identity.first_name', value: 'Ada' })
    const unknown = await invokeMethod(api, 'fields.claim', { path: 'identity.first_name', claim: 'shoe_size' })
    expect(unknown).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', message: expect.stringMatching(/No claim named "shoe_size".*mevault claims/) } })
    const missing = await invokeMethod(api, 'fields.claim', { path: 'identity.last_name', claim: 'family_name' })
    expect(missing).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    const setWithUnknown = await invokeMethod(api, 'fields.set', { path: 'identity.last_name', value: 'Lovelace', claim: 'surname_please' })
    expect(setWithUnknown).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } })
    expect((await api['fields.list']()).map((f) => f.path)).toEqual(['identity.first_name']) // the value was not set either
    expect((await api['claims.list']()).some((c) => c.field !== undefined)).toBe(false)
    await api['vault.lock']()
  })
})
