import { afterEach, describe, expect, it } from 'vitest'
import { listDevices } from '../../src/core/devices/device-list.js'
import { vaultPeers } from './vault-peers.js'

let peers = vaultPeers()
afterEach(async () => {
  await peers.closeAll()
  peers = vaultPeers()
})

describe('pairing and sync between real vaults on 127.0.0.1', () => {
  it('a joined device receives the whole vault and both list each other', async () => {
    const laptop = await peers.first('laptop')
    await laptop.set('contact.email', 'ada@example.org', { type: 'email', tier: 'restricted' })
    await laptop.set('finance.iban', 'GB00 1111', { tier: 'private' })
    const phone = await peers.join(laptop, 'phone')
    expect(phone.did).toBe(laptop.did)

    const summary = await peers.sync(phone, laptop)
    expect(summary).toMatchObject({ recordsAdded: 2, fieldsAdded: 2 })
    expect(await phone.list()).toEqual(await laptop.list())
    const names = (devices: Awaited<ReturnType<typeof listDevices>>) => devices.map((d) => d.name).sort()
    expect(names(await listDevices(phone))).toEqual(['laptop', 'phone'])
    expect(names(await listDevices(laptop))).toEqual(['laptop', 'phone'])
  })
})
