import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { newSigningKeyPair } from '../../src/core/crypto/identity.js'
import { addDevice, listDevices } from '../../src/core/devices/device-list.js'
import { acceptInvitation } from '../../src/core/pairing/accept-invitation.js'
import { openInvitation } from '../../src/core/pairing/invitation.js'
import { recordingLogger } from '../../src/core/sync/testing/paired-devices.js'
import type { Vault } from '../../src/core/vault/vault.js'
import { joinAs } from './pairing-attacker.js'
import { KDF, PASSPHRASE, vaultPeers } from './vault-peers.js'

let peers = vaultPeers()
afterEach(async () => {
  await peers.closeAll()
  peers = vaultPeers()
})

const entryOf = async (vault: Vault, id: string) => {
  const device = (await listDevices(vault)).find((candidate) => candidate.id === id)
  return device && { name: device.name, publicKey: device.publicKey, revokedAt: device.revokedAt }
}

describe('a joining device cannot take the place of a paired one', () => {
  it('refuses a join under the id of a listed device, even with the right code; the real device keeps syncing', async () => {
    const laptop = await peers.first('laptop')
    await laptop.set('contact.email', 'ada@example.org')
    const phone = await peers.join(laptop, 'phone')
    const phoneBefore = await entryOf(laptop, phone.device.id)
    const laptopBefore = await entryOf(laptop, laptop.device.id)

    const log = recordingLogger()
    const invitation = await openInvitation(laptop, { logger: log })
    try {
      // Someone who knows the code asks to join as the phone, then as the inviting laptop itself.
      for (const id of [phone.device.id, laptop.device.id]) {
        expect(await joinAs(invitation.code, id, 'phone')).toEqual({
          type: 'mevault.pair.refused/1',
          reason: `Device id ${id} is already paired with this vault; a joining device cannot take its place`
        })
      }
      const refusals = log.warnings.filter((line) => /^pair: refused a joining device: Device id [0-9a-f]{16} is already paired/.test(line))
      expect(refusals).toHaveLength(2)

      // The refusal did not use the invitation up: a real new machine still joins with it.
      const tablet = await acceptInvitation(invitation.code, {
        dir: join(peers.root, 'tablet'),
        passphrase: PASSPHRASE,
        deviceName: 'tablet',
        kdf: KDF,
        logger: recordingLogger()
      })
      peers.adopt(tablet.vault)
      expect((await invitation.joined)?.name).toBe('tablet')
    } finally {
      await invitation.close()
    }

    expect(await entryOf(laptop, phone.device.id)).toEqual(phoneBefore)
    expect(await entryOf(laptop, laptop.device.id)).toEqual(laptopBefore)
    await laptop.set('contact.city', 'Oslo')
    expect(await peers.sync(phone, laptop)).toMatchObject({ fieldsAdded: 2 })
    expect((await phone.get('contact.city'))?.value).toBe('Oslo')
  })

  it('never overwrites a listed device when pinning one', async () => {
    const laptop = await peers.first('laptop')
    const phone = await peers.join(laptop, 'phone')
    const before = await entryOf(laptop, phone.device.id)
    await expect(addDevice(laptop, phone.device.id, 'impostor', newSigningKeyPair().publicKey)).rejects.toMatchObject({
      code: 'EXISTS',
      message: expect.stringMatching(/already paired with this vault/)
    })
    expect(await entryOf(laptop, phone.device.id)).toEqual(before)
  })
})
