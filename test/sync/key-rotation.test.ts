import Database from 'better-sqlite3'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { tryOpen } from '../../src/core/crypto/aead.js'
import { revokeDevice } from '../../src/core/devices/device-list.js'
import { syncFolder } from '../../src/core/sync/sync-folder.js'
import { describeSummary } from '../../src/core/sync/vault-sync.js'
import { recordingLogger } from '../../src/core/sync/testing/paired-devices.js'
import type { Vault } from '../../src/core/vault/vault.js'
import { tempDir } from '../helpers/temp-dir.js'
import { vaultPeers } from './vault-peers.js'

let peers = vaultPeers()
afterEach(async () => {
  await peers.closeAll()
  peers = vaultPeers()
})

const AFTER_REVOKE = 'Quokka-after-revoke-Z9'

/** The vault key a device holds now: what a revoked device walks away with. */
const keyHeldBy = (vault: Vault): Uint8Array => vault.secretsForJoiningDevice().vaultKey

/** How many of the vault file's stored chunks `key` opens (read beside the running vault). */
function chunksOpenedBy(vault: Vault, dir: string, key: Uint8Array): { opened: number; total: number } {
  const db = new Database(join(dir, 'vault.db'), { readonly: true })
  try {
    const rows = db.prepare<[], { key: string; data: Buffer }>('SELECT key, data FROM chunks').all()
    const opened = rows.filter((row) => tryOpen(key, new Uint8Array(row.data), `mevault.chunk/1\u001f${row.key}`)).length
    return { opened, total: rows.length }
  } finally {
    db.close()
  }
}

describe('revoking a device rotates the vault key', () => {
  it('re-seals the revoking vault under a new key, which paired devices adopt when they sync', async () => {
    const laptop = await peers.first('laptop')
    await laptop.set('contact.email', 'ada@example.org')
    const phone = await peers.join(laptop, 'phone')
    const tablet = await peers.join(laptop, 'tablet')
    await peers.sync(phone, laptop)
    const stolen = keyHeldBy(tablet)
    expect(chunksOpenedBy(laptop, join(peers.root, 'laptop'), stolen).opened).toBeGreaterThan(0)

    await revokeDevice(laptop, tablet.device.id)
    expect(laptop.keyId).not.toBe('0')
    await laptop.set('docs.passport', AFTER_REVOKE, { tier: 'private' })
    const laptopChunks = chunksOpenedBy(laptop, join(peers.root, 'laptop'), stolen)
    expect(laptopChunks.total).toBeGreaterThan(3)
    expect(laptopChunks.opened).toBe(0) // nothing stored, old or new, opens with the revoked device's key
    expect(chunksOpenedBy(laptop, join(peers.root, 'laptop'), keyHeldBy(laptop)).opened).toBe(laptopChunks.total)

    const synced = await peers.sync(phone, laptop)
    expect(synced.vaultKey).toBe('adopted')
    expect(describeSummary(synced)).toMatch(/moved to the new vault key/)
    expect(phone.keyId).toBe(laptop.keyId)
    expect((await phone.get('docs.passport')).value).toBe(AFTER_REVOKE)
    expect(chunksOpenedBy(phone, join(peers.root, 'phone'), stolen).opened).toBe(0)
    // The re-wrapped key still unlocks with the same passphrase and secret key.
    const phoneAgain = await peers.reopen(phone)
    expect((await phoneAgain.get('docs.passport')).value).toBe(AFTER_REVOKE)
    expect((await phoneAgain.get('contact.email')).value).toBe('ada@example.org')
    await expect(peers.sync(tablet, laptop)).rejects.toThrow(/refused/)
  })

  it('keeps a revoked device out of a shared folder it can still read', async () => {
    const laptop = await peers.first('laptop')
    const phone = await peers.join(laptop, 'phone')
    const tablet = await peers.join(laptop, 'tablet')
    const folder = tempDir('mevault-folder')
    await laptop.set('contact.city', 'Oslo')
    for (const vault of [laptop, phone, tablet, laptop]) await syncFolder(vault, folder, recordingLogger())
    expect((await tablet.get('contact.city')).value).toBe('Oslo')

    await revokeDevice(laptop, tablet.device.id)
    await laptop.set('contact.city', AFTER_REVOKE)
    await syncFolder(laptop, folder, recordingLogger())

    const onTablet = recordingLogger()
    await syncFolder(tablet, folder, onTablet)
    expect((await tablet.get('contact.city')).value).toBe('Oslo')
    expect(onTablet.warnings.join('\n')).toMatch(/key this device does not hold/)

    const onPhone = await syncFolder(phone, folder, recordingLogger())
    expect(phone.keyId).toBe(laptop.keyId)
    expect(onPhone).toMatchObject({ fieldsUpdated: 1, vaultKey: 'adopted' })
    expect((await phone.get('contact.city')).value).toBe(AFTER_REVOKE)
    // The phone's own files, rewritten under the new key, stay closed to the tablet too.
    await syncFolder(tablet, folder, recordingLogger())
    expect((await tablet.get('contact.city')).value).toBe('Oslo')
    for (const name of readdirSync(folder)) expect(readFileSync(join(folder, name)).includes('Quokka')).toBe(false)
  })

  it('settles on one key when two devices revoke the same device while apart', async () => {
    const laptop = await peers.first('laptop')
    const phone = await peers.join(laptop, 'phone')
    const tablet = await peers.join(laptop, 'tablet')
    await peers.sync(phone, laptop)
    await revokeDevice(laptop, tablet.device.id)
    await revokeDevice(phone, tablet.device.id)
    expect(laptop.keyId).not.toBe(phone.keyId)
    await laptop.set('contact.email', 'ada@laptop.example')
    await phone.set('contact.phone', '+44 2')

    await peers.sync(phone, laptop)
    await peers.sync(phone, laptop) // the side that served adopts once its peer has gone; this round checks it
    expect(phone.keyId).toBe(laptop.keyId)
    expect(await phone.list()).toEqual(await laptop.list())
    const laptopAgain = await peers.reopen(laptop)
    expect((await laptopAgain.get('contact.phone')).value).toBe('+44 2')
  })
})
