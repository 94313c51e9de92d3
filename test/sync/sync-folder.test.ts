import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { revokeDevice } from '../../src/core/devices/device-list.js'
import { syncFolder } from '../../src/core/sync/sync-folder.js'
import { recordingLogger } from '../../src/core/sync/testing/paired-devices.js'
import { tempDir } from '../helpers/temp-dir.js'
import { vaultPeers } from './vault-peers.js'

let peers = vaultPeers()
afterEach(async () => {
  await peers.closeAll()
  peers = vaultPeers()
})

const SECRET = 'Quokka-Passport-Z9-Marigold'

describe('sync through a shared folder', () => {
  it('converges two vaults through a folder that holds only ciphertext', async () => {
    const laptop = await peers.first('laptop')
    const phone = await peers.join(laptop, 'phone')
    const folder = tempDir('mevault-folder')
    await laptop.set('docs.passport', SECRET, { tier: 'private' })
    await laptop.set('contact.email', 'ada@laptop.example')
    await phone.set('contact.email', 'ada@phone.example')
    await phone.set('prefs.theme', 'dark')

    await syncFolder(laptop, folder, recordingLogger())
    const onPhone = await syncFolder(phone, folder, recordingLogger())
    expect(onPhone.recordsAdded).toBe(1) // docs
    await syncFolder(laptop, folder, recordingLogger())
    expect(await phone.list()).toEqual(await laptop.list())
    expect((await laptop.get('prefs.theme')).value).toBe('dark')

    const files = readdirSync(folder)
    expect(files.length).toBeGreaterThan(4)
    for (const name of files) {
      const bytes = readFileSync(join(folder, name))
      for (const plain of [SECRET, 'Quokka', 'ada@', 'passport', 'contact']) {
        expect(bytes.includes(plain)).toBe(false)
        expect(name.includes(plain)).toBe(false)
      }
    }
    // The vault reopens with what came through the folder.
    const again = await peers.reopen(phone)
    expect((await again.get('docs.passport')).value).toBe(SECRET)
  })

  it("skips an altered file and a revoked device's files, saying so", async () => {
    const laptop = await peers.first('laptop')
    const phone = await peers.join(laptop, 'phone')
    const folder = tempDir('mevault-folder')
    await phone.set('contact.city', 'Oslo')
    await syncFolder(phone, folder, recordingLogger())
    const [first] = readdirSync(folder).filter((name) => name.startsWith(phone.device.id))
    const bytes = readFileSync(join(folder, first!))
    bytes[bytes.length - 5]! ^= 1
    writeFileSync(join(folder, first!), bytes)

    const logger = recordingLogger()
    await syncFolder(laptop, folder, logger)
    expect(logger.warnings.join('\n')).toMatch(/skipped .*failed authentication/)

    await revokeDevice(laptop, phone.device.id)
    await phone.set('contact.city', 'Bergen')
    await syncFolder(phone, folder, recordingLogger())
    const after = recordingLogger()
    await syncFolder(laptop, folder, after)
    expect(after.warnings.join('\n')).toMatch(/written by a revoked device/)
    expect((await laptop.list()).some((field) => field.value === 'Bergen')).toBe(false)
  })
})
