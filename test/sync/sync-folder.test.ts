import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { listDevices, revokeDevice } from '../../src/core/devices/device-list.js'
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
    const altered = await syncFolder(laptop, folder, logger)
    expect(logger.warnings.join('\n')).toMatch(/skipped .*failed authentication/)
    expect(altered).toMatchObject({ skipped: 1, skippedReasons: { failedAuthentication: 1 }, fromRevokedDevices: 0 })

    await revokeDevice(laptop, phone.device.id)
    await phone.set('contact.city', 'Bergen')
    await syncFolder(phone, folder, recordingLogger())
    const after = recordingLogger()
    const revoked = await syncFolder(laptop, folder, after)
    expect(after.warnings.join('\n')).toMatch(/written by a revoked device/)
    // Refused as the revocation asked, not "skipped": a script is not alarmed at every run from now on.
    const phoneFiles = readdirSync(folder).filter((name) => name.startsWith(phone.device.id)).length
    expect(revoked).toMatchObject({ skipped: 0, skippedReasons: {}, fromRevokedDevices: phoneFiles })
    expect((await laptop.list()).some((field) => field.value === 'Bergen')).toBe(false)
  })

  it("sets a device's last seen to when it last wrote to the folder", async () => {
    let laptopNow = Date.parse('2026-11-01T10:00:00Z')
    let phoneNow = laptopNow
    const laptop = await peers.first('laptop', { clock: () => new Date(laptopNow) })
    const phone = await peers.join(laptop, 'phone', { clock: () => new Date(phoneNow) })
    const folder = tempDir('mevault-folder')
    const phoneSeen = async (): Promise<string | undefined> =>
      (await listDevices(laptop)).find((device) => device.id === phone.device.id)?.lastSeen

    phoneNow = Date.parse('2026-11-03T08:00:00Z')
    await phone.set('contact.city', 'Oslo')
    await syncFolder(phone, folder, recordingLogger())
    laptopNow = Date.parse('2026-11-03T09:30:00Z')
    await syncFolder(laptop, folder, recordingLogger())
    expect(await phoneSeen()).toBe('2026-11-03T08:00:00.000Z')

    // Days later the phone has not written again: its old files do not make it look recently synced.
    laptopNow = Date.parse('2026-11-09T09:00:00Z')
    await syncFolder(laptop, folder, recordingLogger())
    expect(await phoneSeen()).toBe('2026-11-03T08:00:00.000Z')

    // A phone clock ahead of the laptop's is not believed beyond the laptop's own.
    phoneNow = Date.parse('2026-11-20T00:00:00Z')
    await syncFolder(phone, folder, recordingLogger())
    await syncFolder(laptop, folder, recordingLogger())
    expect(await phoneSeen()).toBe('2026-11-09T09:00:00.000Z')
  })

  it('writes files only their owner can read, whatever a file left by a crash had', async () => {
    const laptop = await peers.first('laptop')
    const folder = `${tempDir('mevault-folder')}/made-by-mevault`
    await laptop.set('contact.city', 'Oslo')
    await syncFolder(laptop, folder, recordingLogger())
    const [name] = readdirSync(folder)
    // A temporary file a crash left behind, open to everyone: the next run reuses its name.
    writeFileSync(`${folder}/.${name}.tmp`, 'half a file', { mode: 0o666 })
    await laptop.set('contact.city', 'Bergen')
    await syncFolder(laptop, folder, recordingLogger())

    const files = readdirSync(folder)
    expect(files.length).toBeGreaterThan(2)
    expect(files.filter((file) => file.endsWith('.tmp'))).toEqual([])
    for (const file of files) expect({ file, mode: statSync(`${folder}/${file}`).mode & 0o777 }).toEqual({ file, mode: 0o600 })
    expect(statSync(folder).mode & 0o777).toBe(0o700)
  })
})
