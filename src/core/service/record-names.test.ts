import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../../../test/helpers/temp-dir.js'
import { invokeMethod } from '../../shared/api.js'
import { createVaultService } from './index.js'

const PASSPHRASE = 'correct horse battery'
const NEWSLETTER = readFileSync(new URL('../../../resources/requests/newsletter-signup.json', import.meta.url), 'utf8')

function service() {
  const root = tempDir('mevault-record-names')
  return createVaultService({ vaultDir: join(root, 'vault'), keyFileFor: (id) => join(root, 'keys', `${id}.json`) })
}

describe('records.rename: a name the person gives a record, through the typed API', () => {
  it('names a record, shows the name in the list headers and on its fields, keeps it over a lock, and takes it away', async () => {
    const api = service()
    await api['vault.create']({ passphrase: PASSPHRASE })
    await api['fields.set']({ path: 'row_12.number', value: 'X123' })
    await api['fields.set']({ path: 'row_12.expires', value: '2031-01-01', type: 'date' })
    await api['fields.set']({ path: 'contact.email', value: 'ada@example.com', type: 'email' })

    expect(await api['records.rename']({ record: 'row_12', name: '  Passport  ' })).toEqual({ record: 'row_12', name: 'Passport' })
    const page = await api['fields.page']({ offset: 0, limit: 10, byRecord: true })
    expect(page.headers!.map((h) => [h.record, h.name ?? null])).toEqual([
      ['contact', null],
      ['row_12', 'Passport']
    ])
    expect(page.fields.filter((f) => f.record === 'row_12').map((f) => f.recordName)).toEqual(['Passport', 'Passport'])
    expect(await api['fields.get']({ path: 'row_12.number' })).toMatchObject({ path: 'row_12.number', recordName: 'Passport' })
    // The key never changes: the fields keep their paths.
    expect((await api['fields.list']()).map((f) => f.path).sort()).toEqual(['contact.email', 'row_12.expires', 'row_12.number'])

    await api['vault.lock']()
    await api['vault.unlock']({ passphrase: PASSPHRASE })
    expect((await api['fields.page']({ offset: 0, limit: 10, byRecord: true })).headers!.find((h) => h.record === 'row_12')?.name).toBe('Passport')

    // An empty name: back to the default (the key made readable).
    expect(await api['records.rename']({ record: 'row_12', name: '   ' })).toEqual({ record: 'row_12' })
    expect(await api['fields.get']({ path: 'row_12.number' })).not.toHaveProperty('recordName')
    await api['vault.lock']()
  })

  it('refuses a name too long or with control characters, and a record that is not there, saying why and without quoting the name', async () => {
    const api = service()
    await api['vault.create']({ passphrase: PASSPHRASE })
    await api['fields.set']({ path: 'mum.phone', value: '+44 20 7946 0000', type: 'phone' })
    await api['records.rename']({ record: 'mum', name: 'Mum' })

    const long = await invokeMethod(api, 'records.rename', { record: 'mum', name: 'M'.repeat(101) })
    expect(long).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', message: expect.stringMatching(/at most 100 characters/) } })
    const control = await invokeMethod(api, 'records.rename', { record: 'mum', name: 'Secret\nName' })
    expect(control).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', message: expect.stringMatching(/control characters/) } })
    expect(JSON.stringify(control)).not.toContain('Secret')
    const missing = await invokeMethod(api, 'records.rename', { record: 'dad', name: 'Dad' })
    expect(missing).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    const badKey = await invokeMethod(api, 'records.rename', { record: 'no such', name: 'Dad' })
    expect(badKey).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', message: expect.stringMatching(/record key/) } })
    // 100 characters is fine; nothing refused changed the name.
    expect(await api['fields.get']({ path: 'mum.phone' })).toMatchObject({ recordName: 'Mum' })
    expect(await api['records.rename']({ record: 'mum', name: 'é'.repeat(100) })).toEqual({ record: 'mum', name: 'é'.repeat(100) })
    await api['vault.lock']()
  })
})

describe('record names on the consent screen', () => {
  it("a request's preview names the record of each field that would answer it", async () => {
    const api = service()
    await api['vault.create']({ passphrase: PASSPHRASE })
    await api['fields.set']({ path: 'contact.email', value: 'zoe@example.org', type: 'email' })
    await api['fields.set']({ path: 'identity.first_name', value: 'Zoë' })
    await api['records.rename']({ record: 'contact', name: 'Home contact' })
    const preview = await api['requests.preview']({ text: NEWSLETTER })
    expect(preview.lines.map((line) => [line.path, line.recordName ?? null])).toEqual([
      ['contact.email', 'Home contact'],
      ['identity.first_name', null],
      ['preferences.language', null]
    ])
    await api['vault.lock']()
  })
})
