import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { tempDir } from '../../../test/helpers/temp-dir.js'
import type { MeVaultApi, VaultChange } from '../../shared/api.js'
import { createVaultService } from './index.js'

const PASSPHRASE = 'correct horse battery'
const apis: MeVaultApi[] = []
afterEach(async () => {
  for (const api of apis.splice(0)) await api['vault.lock']()
})

/** The real service over fresh temp files, with every change event it emits kept in order. */
function machine(): { api: MeVaultApi; changes: VaultChange['kind'][]; next: (kind: VaultChange['kind']) => Promise<void> } {
  const root = tempDir('mevault-changes')
  const changes: VaultChange['kind'][] = []
  const waiting: Array<{ kind: VaultChange['kind']; done: () => void }> = []
  const api = createVaultService(
    { vaultDir: join(root, 'vault'), keyFileFor: (id) => join(root, 'keys', `${id}.json`) },
    {
      onChange: ({ kind }) => {
        changes.push(kind)
        for (const wait of waiting.filter((w) => w.kind === kind)) {
          waiting.splice(waiting.indexOf(wait), 1)
          wait.done()
        }
      }
    }
  )
  apis.push(api)
  const next = (kind: VaultChange['kind']): Promise<void> => new Promise((done) => waiting.push({ kind, done }))
  return { api, changes, next }
}

describe('change events from the vault service', () => {
  it('names what its own changes touched, says nothing for reads, and ends with lock', async () => {
    const { api, changes } = machine()
    await api['vault.create']({ passphrase: PASSPHRASE })
    await api['devices.list']() // registers this device once: a change of the device list
    await api['fields.set']({ path: 'contact.email', value: 'ada@example.org' })
    await api['policy.applyPreset']({ preset: 'share-public' })
    await api['vault.lock']()
    expect(new Set(changes)).toEqual(new Set(['devices', 'fields', 'policy', 'lock']))
    expect(changes.at(-1)).toBe('lock')

    changes.length = 0
    await api['vault.unlock']({ passphrase: PASSPHRASE })
    await api['fields.list']()
    await api['fields.get']({ path: 'contact.email' })
    await api['fields.search']({ text: 'ada' })
    await api['fields.history']({ path: 'contact.email' })
    await api['ledger.list']()
    await api['policy.get']()
    await api['devices.list']()
    await api['devices.syncStatus']()
    await api['vault.lock']()
    expect(changes).toEqual(['lock']) // reading never announces a change (no screen refreshes in a loop)
  })

  it('announces the fields a paired machine syncs in while this one listens', async () => {
    const desktop = machine()
    await desktop.api['vault.create']({ passphrase: PASSPHRASE })
    const { code } = await desktop.api['devices.invite']() // starts the listener
    const listener = (await desktop.api['devices.syncStatus']()).listener!
    const laptop = machine()
    await laptop.api['vault.join']({ code, passphrase: 'another passphrase', deviceName: 'laptop' })

    await laptop.api['fields.set']({ path: 'contact.phone', value: '+44 20 7946 0000' })
    desktop.changes.length = 0
    const arrived = desktop.next('fields')
    await laptop.api['devices.syncNow']({ peer: `127.0.0.1:${listener.port}` })
    await arrived // nothing was called on the desktop: the sync alone brought the event
    expect((await desktop.api['fields.get']({ path: 'contact.phone' })).value).toBe('+44 20 7946 0000')
  })
})
