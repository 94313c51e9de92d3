import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { copyOfNodeSqliteBinding, hasLoaded } from '../../../test/helpers/sqlite-binding-copy.js'
import { tempDir } from '../../../test/helpers/temp-dir.js'
import type { MeVaultApi } from '../../shared/api.js'
import type { VaultLocation } from '../vault/locations.js'
import { createVaultService } from './index.js'

const PASSPHRASE = 'correct horse battery'
const apis: MeVaultApi[] = []
afterEach(async () => {
  for (const api of apis.splice(0)) await api['vault.lock']()
})

function location(): VaultLocation {
  const root = tempDir('mevault-api')
  return { vaultDir: join(root, 'vault'), keyFileFor: (id) => join(root, 'keys', `${id}.json`) }
}

function service(where: VaultLocation, nativeBinding?: string): MeVaultApi {
  const api = createVaultService(where, { nativeBinding })
  apis.push(api)
  return api
}

/** What the Electron main process does: the service opens the vault with the binding it is given. */
describe('the vault service with an explicit SQLite binding', () => {
  it('creates, locks and unlocks the vault with that binding', async () => {
    const binding = copyOfNodeSqliteBinding()
    const api = service(location(), binding)
    await api['vault.create']({ passphrase: PASSPHRASE })
    expect(hasLoaded(binding)).toBe(true)
    await api['fields.set']({ path: 'contact.email', value: 'ada@example.org', tier: 'restricted' })
    await api['vault.lock']()
    expect((await api['vault.unlock']({ passphrase: PASSPHRASE })).fields).toBe(1)
  })

  it('opens a vault made under Node with the given binding, and refuses a missing one', async () => {
    const where = location()
    const made = service(where)
    await made['vault.create']({ passphrase: PASSPHRASE })
    await made['fields.set']({ path: 'identity.name', value: 'Ada', tier: 'public' })
    await made['vault.lock']()

    const missing = join(tempDir(), 'absent', 'better_sqlite3.node')
    await expect(service(where, missing)['vault.unlock']({ passphrase: PASSPHRASE })).rejects.toThrow(/Cannot find module/)

    const binding = copyOfNodeSqliteBinding()
    const app = service(where, binding)
    await app['vault.unlock']({ passphrase: PASSPHRASE })
    expect(hasLoaded(binding)).toBe(true)
    expect(await app['fields.get']({ path: 'identity.name' })).toMatchObject({ value: 'Ada' })
  })

  it('joins another machine vault with that binding', async () => {
    const desktop = service(location())
    await desktop['vault.create']({ passphrase: PASSPHRASE })
    const { code } = await desktop['devices.invite']()

    const binding = copyOfNodeSqliteBinding()
    const laptop = service(location(), binding)
    const joined = await laptop['vault.join']({ code, passphrase: 'another passphrase', deviceName: 'laptop' })
    expect(joined.firstSync.done).toBe(true)
    expect(hasLoaded(binding)).toBe(true)
  })
})
