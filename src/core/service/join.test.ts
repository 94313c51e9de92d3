import { afterEach, describe, expect, it } from 'vitest'
import { createTempVaultApi } from '../../../test/helpers/temp-vault-api.js'
import { invokeMethod, type MeVaultApi } from '../../shared/api.js'

const PASSPHRASE = 'correct horse battery'
const apis: MeVaultApi[] = []
afterEach(async () => {
  for (const api of apis.splice(0)) await api['vault.lock']()
})

function machine(): MeVaultApi {
  const api = createTempVaultApi()
  apis.push(api)
  return api
}

describe('vault.join: a new computer joins from the app with an invitation code', () => {
  it('gets its own recovery kit, the vault after a first sync, and unlocks again with its own passphrase', async () => {
    const desktop = machine()
    await desktop['vault.create']({ passphrase: PASSPHRASE })
    await desktop['fields.set']({ path: 'contact.email', value: 'ada@example.org', tier: 'restricted' })
    const { code } = await desktop['devices.invite']()

    const laptop = machine()
    const joined = await laptop['vault.join']({ code, passphrase: 'another passphrase', deviceName: 'laptop' })
    expect(joined.inviter.id).toBe((await desktop['devices.list']()).find((d) => d.thisDevice)!.id)
    expect(joined.kit.secretKey).toMatch(/^MV1-/)
    expect(joined.firstSync).toEqual({ done: true, description: '1 record added, 1 field added' })
    expect(await laptop['fields.list']()).toEqual(await desktop['fields.list']())
    expect((await desktop['devices.list']()).map((d) => d.name)).toContain('laptop')

    // Its secret key went to this computer's key store: the passphrase alone unlocks it next time.
    await laptop['vault.lock']()
    await expect(laptop['vault.unlock']({ passphrase: PASSPHRASE })).rejects.toMatchObject({ code: 'WRONG_CREDENTIALS' })
    expect((await laptop['vault.unlock']({ passphrase: 'another passphrase' })).fields).toBe(1)
  })

  it('refuses a used code and a malformed one, saying why, and leaves no vault behind', async () => {
    const desktop = machine()
    await desktop['vault.create']({ passphrase: PASSPHRASE })
    const { code } = await desktop['devices.invite']()
    await machine()['vault.join']({ code, passphrase: PASSPHRASE })

    const late = machine()
    await expect(late['vault.join']({ code, passphrase: PASSPHRASE })).rejects.toThrow(/already used|Nothing answered/)
    await expect(late['vault.join']({ code: 'mv1-not-a-code', passphrase: PASSPHRASE })).rejects.toMatchObject({ code: 'BAD_INPUT' })
    const short = await invokeMethod(late, 'vault.join', { code, passphrase: 'short' })
    expect(short).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', message: expect.stringMatching(/at least 8 characters/) } })
    expect((await late['vault.state']()).exists).toBe(false)
  })
})
