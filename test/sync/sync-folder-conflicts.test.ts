import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { parseSecretKey } from '../../src/core/crypto/secret-key.js'
import { syncFolder } from '../../src/core/sync/sync-folder.js'
import { recordingLogger } from '../../src/core/sync/testing/paired-devices.js'
import { Vault } from '../../src/core/vault/vault.js'
import { tempDir } from '../helpers/temp-dir.js'
import { conflictName, copiesOf, meet } from './syncthing-meeting.js'
import { KDF, PASSPHRASE, vaultPeers } from './vault-peers.js'

let peers = vaultPeers()
const twins: Vault[] = []
afterEach(async () => {
  for (const vault of twins.splice(0)) await vault.close().catch(() => {})
  await peers.closeAll()
  peers = vaultPeers()
})

const isCopy = (name: string): boolean => name.includes('.sync-conflict-')

/**
 * A laptop paired with a phone, both in step through `folder`; then the laptop's vault folder copied
 * to a second machine. Both machines run the same device, so they write the same file names: what
 * Syncthing turns into conflicts when both write while apart.
 */
async function laptopTwins(folder: string) {
  const dir = join(peers.root, 'laptop')
  const created = await Vault.create({ dir, passphrase: PASSPHRASE, deviceName: 'laptop', kdf: KDF })
  const secretKey = parseSecretKey(created.recoveryKit.secretKey)
  twins.push(created.vault)
  const phone = await peers.join(created.vault, 'phone')
  await created.vault.set('contact.email', 'ada@example.org')
  for (const vault of [created.vault, phone, created.vault]) await syncFolder(vault, folder, recordingLogger())
  await created.vault.close()
  cpSync(dir, join(peers.root, 'laptop-copy'), { recursive: true })
  const unlock = async (at: string): Promise<Vault> => {
    const vault = await Vault.unlock({ dir: at, passphrase: PASSPHRASE, secretKey })
    twins.push(vault)
    return vault
  }
  return { laptop: await unlock(dir), copy: await unlock(join(peers.root, 'laptop-copy')), phone }
}

/** Each machine edits and writes its files while apart; then Syncthing meets them, the copy's side losing. */
async function writeApart(laptop: Vault, copy: Vault, folder: string): Promise<string> {
  const [atHome, atWork] = copiesOf(folder)
  await laptop.set('contact.city', 'Oslo')
  await syncFolder(laptop, atHome, recordingLogger())
  await copy.set('prefs.theme', 'dark') // written only on the side that loses
  await syncFolder(copy, atWork, recordingLogger())
  const met = meet(atHome, atWork)
  expect(readdirSync(met).filter(isCopy).length).toBeGreaterThan(0)
  return met
}

describe('Syncthing conflict copies in the sync folder', () => {
  it('brings what only the losing side wrote to another device, then removes the copies', async () => {
    const { laptop, copy, phone } = await laptopTwins(tempDir('mevault-folder'))
    const met = await writeApart(laptop, copy, tempDir('mevault-folder'))
    const copies = readdirSync(met).filter(isCopy)

    const logger = recordingLogger()
    const onPhone = await syncFolder(phone, met, logger)
    expect(logger.warnings).toEqual([])
    expect((await phone.get('prefs.theme')).value).toBe('dark')
    expect((await phone.get('contact.city')).value).toBe('Oslo')
    expect(onPhone).toMatchObject({ conflictCopies: { merged: copies.length, removed: copies.length }, skipped: 0 })
    expect(readdirSync(met).filter(isCopy)).toEqual([])

    // Its changes are in the phone's files now: the laptop gets them from there.
    await syncFolder(laptop, met, recordingLogger())
    expect((await laptop.get('prefs.theme')).value).toBe('dark')
    const reopened = await peers.reopen(phone)
    expect((await reopened.get('prefs.theme')).value).toBe('dark')
  })

  it("merges copies of this device's own files on the machine that won, and says that a copied vault writes as this device", async () => {
    const { laptop, copy, phone } = await laptopTwins(tempDir('mevault-folder'))
    const [atHome, atWork] = copiesOf(tempDir('mevault-folder'))
    await laptop.set('contact.city', 'Oslo')
    await syncFolder(laptop, atHome, recordingLogger())
    await copy.set('contact.phone', '+47 555 0101') // in a record both hold: its file is one of the conflicts
    await syncFolder(copy, atWork, recordingLogger())
    const met = meet(atHome, atWork)
    const copies = readdirSync(met).filter(isCopy)
    expect(copies.length).toBeGreaterThan(0)
    expect(copies.every((name) => name.startsWith(`${laptop.device.id}.`))).toBe(true)

    // The losing machine wrote these itself: nothing new, and the other machine still needs them.
    const onCopy = await syncFolder(copy, met, recordingLogger())
    expect(onCopy.conflictCopies).toEqual({ merged: copies.length, removed: 0 })
    expect(readdirSync(met).filter(isCopy)).toEqual(copies)

    // The winning machine finds what only the other wrote in them, and is told why that happened.
    const logger = recordingLogger()
    const onLaptop = await syncFolder(laptop, met, logger)
    expect((await laptop.get('contact.phone')).value).toBe('+47 555 0101')
    expect(logger.warnings.join('\n')).toMatch(/another machine writes as this device, as a copied vault folder does.*pair it instead/)
    // Removed: the copies that brought it something; the rest it may have written itself, so another device removes them.
    expect(onLaptop.conflictCopies.removed).toBeGreaterThan(0)
    const left = readdirSync(met).filter(isCopy)
    expect(left.length).toBe(copies.length - onLaptop.conflictCopies.removed)
    const onPhone = await syncFolder(phone, met, recordingLogger())
    expect(onPhone.conflictCopies).toEqual({ merged: left.length, removed: left.length })
    expect(readdirSync(met).filter(isCopy)).toEqual([])
    expect((await phone.get('contact.phone')).value).toBe('+47 555 0101')
    expect((await phone.get('contact.city')).value).toBe('Oslo')
  })

  it('skips a conflict copy that does not open as the file it names, says why, and leaves it in place', async () => {
    const laptop = await peers.first('laptop')
    const phone = await peers.join(laptop, 'phone')
    const folder = tempDir('mevault-folder')
    await phone.set('contact.city', 'Oslo')
    await syncFolder(phone, folder, recordingLogger())
    const [first, second] = readdirSync(folder).filter((name) => name.startsWith(phone.device.id))
    // The first file's bytes, named as a copy of the second: it was sealed under another name.
    const misnamed = conflictName(second!, new Date(), 'ABCDEF7')
    writeFileSync(join(folder, misnamed), readFileSync(join(folder, first!)))

    const logger = recordingLogger()
    const onLaptop = await syncFolder(laptop, folder, logger)
    expect(onLaptop).toMatchObject({ skipped: 1, skippedReasons: { failedAuthentication: 1 }, conflictCopies: { merged: 0, removed: 0 } })
    expect(logger.warnings).toEqual([expect.stringMatching(new RegExp(`skipped ${misnamed.replace(/\./g, '\\.')}: a conflict copy of ${second!.replace(/\./g, '\\.')} that failed authentication as that file.*left in place`))])
    expect(existsSync(join(folder, misnamed))).toBe(true)
    expect((await laptop.get('contact.city')).value).toBe('Oslo') // the real files were read
  })
})
