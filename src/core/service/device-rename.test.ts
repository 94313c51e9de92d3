import { afterEach, describe, expect, it } from 'vitest'
import { createTempVaultApi } from '../../../test/helpers/temp-vault-api.js'
import { invokeMethod, type MeVaultApi } from '../../shared/api.js'

/** A device's own name (issue 15, finding 9): kept in the synced device list, checked at the boundary. */
const apis: MeVaultApi[] = []
afterEach(async () => {
  for (const api of apis.splice(0)) await api['vault.lock']()
})

describe('devices.rename', () => {
  it('names a device as the person chooses, keeps it across lock and unlock, and leaves its id and key alone', async () => {
    const api = createTempVaultApi()
    apis.push(api)
    await api['vault.create']({ passphrase: 'correct horse battery' })
    const [before] = await api['devices.list']()
    // Through the boundary, as the UI and the CLI call it: the name is trimmed there.
    const renamed = await invokeMethod(api, 'devices.rename', { id: before!.id, name: '  Desk PC  ' })
    expect(renamed).toMatchObject({ ok: true })
    expect((await api['devices.list']())[0]).toMatchObject({ id: before!.id, name: 'Desk PC', fingerprint: before!.fingerprint, thisDevice: true })
    await api['vault.lock']()
    await api['vault.unlock']({ passphrase: 'correct horse battery' })
    expect((await api['devices.list']())[0]?.name).toBe('Desk PC')
  })

  it('refuses an unknown device, an empty name and control characters, each with a line that says so', async () => {
    const api = createTempVaultApi()
    apis.push(api)
    await api['vault.create']({ passphrase: 'correct horse battery' })
    await expect(api['devices.rename']({ id: 'no-such-device', name: 'X' })).rejects.toMatchObject({ code: 'NOT_FOUND' })
    const [device] = await api['devices.list']()
    expect(await invokeMethod(api, 'devices.rename', { id: device!.id, name: '   ' })).toMatchObject({ ok: false, error: { message: expect.stringMatching(/the name is empty/) } })
    expect(await invokeMethod(api, 'devices.rename', { id: device!.id, name: 'evil\u001b[2Jname' })).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/control characters/) }
    })
    expect((await api['devices.list']())[0]?.name).toBe(device!.name)
  })
})
