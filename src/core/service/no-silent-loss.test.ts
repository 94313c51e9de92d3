import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../../../test/helpers/temp-dir.js'
import { invokeMethod } from '../../shared/api.js'
import { createVaultService } from './index.js'

const PASSPHRASE = 'correct horse battery'

async function openVault() {
  const root = tempDir('mevault-no-silent-loss')
  const api = createVaultService({ vaultDir: join(root, 'vault'), keyFileFor: (id) => join(root, 'keys', `${id}.json`) })
  await api['vault.create']({ passphrase: PASSPHRASE })
  return api
}

describe('no silent loss (through the typed API, on a real vault)', () => {
  it('fields.set with create: true refuses a path that exists (EXISTS), leaving its value and tier; without it, it updates', async () => {
    const api = await openVault()
    await api['fields.set']({ path: 'finance.iban', value: 'DE89 3704', tier: 'restricted', create: true })

    const refused = await invokeMethod(api, 'fields.set', { path: 'finance.iban', value: 'other', create: true })
    expect(refused).toMatchObject({ ok: false, error: { code: 'EXISTS', message: 'There is already a field finance.iban' } })
    expect(await api['fields.get']({ path: 'finance.iban' })).toMatchObject({ value: 'DE89 3704', tier: 'restricted' })
    expect(await api['fields.history']({ path: 'finance.iban' })).toHaveLength(1)

    // `mevault set` and the details pane update on purpose.
    await api['fields.set']({ path: 'finance.iban', value: 'DE00 1111' })
    expect(await api['fields.get']({ path: 'finance.iban' })).toMatchObject({ value: 'DE00 1111', tier: 'restricted' })
    await api['vault.lock']()
  })

  it('fields.set with create: true makes a field again at the path of a removed one', async () => {
    const api = await openVault()
    await api['fields.set']({ path: 'contact.email', value: 'ada@example.org', type: 'email', create: true })
    await api['fields.remove']({ path: 'contact.email' })
    await api['fields.set']({ path: 'contact.email', value: 'ada@example.net', type: 'email', create: true })
    expect(await api['fields.get']({ path: 'contact.email' })).toMatchObject({ value: 'ada@example.net' })
    expect(await api['fields.removed']()).toEqual([])
    await api['vault.lock']()
  })

  it('fields.removed lists removed fields with when and their last value and tier; restoring that version brings them back', async () => {
    const api = await openVault()
    await api['fields.set']({ path: 'finance.iban', value: 'DE89 3704', tier: 'restricted' })
    await api['fields.setTier']({ path: 'finance.iban', tier: 'public' })
    await api['fields.set']({ path: 'contact.phone', value: '+49 30 1234', type: 'phone' })
    await api['fields.set']({ path: 'contact.email', value: 'ada@example.org', type: 'email' })
    expect(await api['fields.removed']()).toEqual([])

    await api['fields.remove']({ path: 'finance.iban' })
    await api['fields.remove']({ path: 'contact.phone' })
    const trash = await api['fields.removed']()
    expect(trash.map((f) => f.path).sort()).toEqual(['contact.phone', 'finance.iban'])
    const iban = trash.find((f) => f.path === 'finance.iban')!
    expect(iban).toMatchObject({ record: 'finance', field: 'iban', value: 'DE89 3704', tier: 'public', type: 'text', lastVersion: 2 })
    expect(Number.isNaN(Date.parse(iban.removedAt))).toBe(false)
    // Most recently removed first.
    expect(trash[0]!.removedAt >= trash[1]!.removedAt).toBe(true)

    // Survives locking: the trash is read from the vault, not remembered by the page.
    await api['vault.lock']()
    await api['vault.unlock']({ passphrase: PASSPHRASE })
    expect((await api['fields.removed']()).map((f) => f.path).sort()).toEqual(['contact.phone', 'finance.iban'])

    expect(await api['fields.restore']({ path: 'finance.iban', version: iban.lastVersion })).toMatchObject({ value: 'DE89 3704', tier: 'public' })
    expect((await api['fields.removed']()).map((f) => f.path)).toEqual(['contact.phone'])
    expect((await api['fields.list']()).map((f) => f.path).sort()).toEqual(['contact.email', 'finance.iban'])
    await api['vault.lock']()
  })
})
