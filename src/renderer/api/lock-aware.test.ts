import { afterEach, describe, expect, it } from 'vitest'
import { createTempVaultApi } from '../../../test/helpers/temp-vault-api.js'
import type { MeVaultApi } from '../../shared/api.js'
import { lockAware } from './lock-aware.js'

const apis: MeVaultApi[] = []
afterEach(async () => {
  for (const api of apis.splice(0)) await api['vault.lock']()
})

describe('lockAware', () => {
  it('tells the app when a call finds the vault locked behind its back, and passes the error on', async () => {
    const service = createTempVaultApi()
    apis.push(service)
    let locked = 0
    const api = lockAware(service, () => (locked += 1))
    await api['vault.create']({ passphrase: 'correct horse battery' })
    await api['fields.set']({ path: 'contact.email', value: 'ada@example.org' })
    expect(locked).toBe(0)
    await service['vault.lock']() // as the service's idle lock would
    await expect(api['fields.list']()).rejects.toMatchObject({ code: 'LOCKED' })
    expect(locked).toBe(1)
    await expect(api['fields.get']({ path: 'nope.nope' })).rejects.toMatchObject({ code: 'LOCKED' })
    expect(locked).toBe(2)
  })
})
