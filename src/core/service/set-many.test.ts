import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../../../test/helpers/temp-dir.js'
import { invokeMethod, MAX_FIELDS_PER_CALL } from '../../shared/api.js'
import { isMeVaultError } from '../../shared/errors.js'
import { createVaultService } from './index.js'

describe('fields.setMany (an import, through the typed API)', () => {
  it('sets every field in one change, and on one bad entry sets none of them', async () => {
    const root = tempDir('mevault-set-many')
    const api = createVaultService({ vaultDir: join(root, 'vault'), keyFileFor: (id) => join(root, 'keys', `${id}.json`) })
    await api['vault.create']({ passphrase: 'correct horse battery' })

    const fields = Array.from({ length: 250 }, (_, i) => ({ path: `contact${Math.floor(i / 50)}.f${i}`, value: `value ${i}` }))
    expect(await api['fields.setMany']({ fields: [...fields, { path: 'contact0.email', value: 'ada@example.org', type: 'email', tier: 'public' }] })).toEqual({
      count: 251
    })
    expect((await api['fields.list']()).length).toBe(251)
    expect(await api['fields.get']({ path: 'contact0.email' })).toMatchObject({ value: 'ada@example.org', tier: 'public' })

    const refused = await api['fields.setMany']({
      fields: [
        { path: 'notes.first', value: 'would be set' },
        { path: 'contact0.email', value: 'not an address', type: 'email' }
      ]
    }).catch((error: unknown) => error)
    expect(isMeVaultError(refused, 'BAD_INPUT')).toBe(true)
    expect((await api['fields.list']()).length).toBe(251)
    expect(await api['fields.get']({ path: 'contact0.email' })).toMatchObject({ value: 'ada@example.org' })
    await api['vault.lock']()
  })

  it('refuses a batch over the limit at the boundary, naming the limit', async () => {
    const tooMany = Array.from({ length: MAX_FIELDS_PER_CALL + 1 }, (_, i) => ({ path: `a.f${i}`, value: 'x' }))
    const api = createVaultService({ vaultDir: join(tempDir('mevault-set-many'), 'vault'), keyFileFor: () => '/nonexistent' })
    // As the page, the CLI's front door and HTTP call it: the boundary's schema answers.
    expect(await invokeMethod(api, 'fields.setMany', { fields: tooMany })).toMatchObject({
      ok: false,
      error: { code: 'BAD_INPUT', message: expect.stringMatching(new RegExp(`at most ${MAX_FIELDS_PER_CALL} fields`)) }
    })
  })
})
