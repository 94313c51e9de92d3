import { afterEach, describe, expect, it } from 'vitest'
import { createTempVaultApi } from '../../../test/helpers/temp-vault-api.js'
import type { MeVaultApi } from '../../shared/api.js'

/** The inbox kept in the vault (issue 15, finding 4): through the typed API, over a real vault. */
const apis: MeVaultApi[] = []
afterEach(async () => {
  for (const api of apis.splice(0)) await api['vault.lock']()
})

describe('the inbox', () => {
  it('keeps received requests through lock and unlock, the same one once, and forgets a dismissed one', async () => {
    const api = createTempVaultApi()
    apis.push(api)
    await api['vault.create']({ passphrase: 'correct horse battery' })
    const first = await api['requests.keep']({ text: '{"a":1}', fileName: 'one.json' })
    await api['requests.keep']({ text: '{"b":2}', fileName: 'two.json' })
    const again = await api['requests.keep']({ text: '{"a":1}', fileName: 'one-again.json' })
    expect(again).toEqual(first)
    await api['vault.lock']()
    await api['vault.unlock']({ passphrase: 'correct horse battery' })
    expect((await api['requests.inbox']()).map((entry) => [entry.fileName, entry.text]).sort()).toEqual([
      ['one.json', '{"a":1}'],
      ['two.json', '{"b":2}']
    ])
    await api['requests.dismiss']({ key: first.key })
    expect((await api['requests.inbox']()).map((entry) => entry.fileName)).toEqual(['two.json'])
  })
})
