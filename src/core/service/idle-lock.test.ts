import { afterEach, describe, expect, it } from 'vitest'
import { createTempVaultApi } from '../../../test/helpers/temp-vault-api.js'
import type { MeVaultApi } from '../../shared/api.js'
import { withIdleLock } from './idle-lock.js'

const opened: Array<MeVaultApi & { stop(): void }> = []
afterEach(async () => {
  for (const api of opened.splice(0)) {
    api.stop()
    await api['vault.lock']()
  }
})

const settle = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

describe('the service locks itself when nobody uses it', () => {
  it('locks after the idle time, however often a screen refreshes itself, and not while in use', async () => {
    const api = withIdleLock(createTempVaultApi(), 400)
    opened.push(api)
    await api['vault.create']({ passphrase: 'correct horse battery' })
    for (let i = 0; i < 6; i++) {
      await settle(120) // used every 120 ms: stays open well past 400 ms
      await api['fields.set']({ path: 'contact.email', value: `ada${i}@example.org` })
    }
    expect((await api['vault.state']()).unlocked).toBe(true)
    for (let i = 0; i < 8; i++) {
      await settle(100) // only the Devices screen's polling from here on
      if (!(await api['vault.state']()).unlocked) break
      await api['devices.list']().catch(() => undefined) // the lock may land between the two calls
      await api['devices.syncStatus']().catch(() => undefined)
    }
    expect((await api['vault.state']()).unlocked).toBe(false)
    await expect(api['fields.list']()).rejects.toMatchObject({ code: 'LOCKED' })
  })
})
