import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { exitCodeFor, EXIT } from '../../src/cli/exit-codes.js'
import { listDevices } from '../../src/core/devices/device-list.js'
import { loadPolicy } from '../../src/core/policy-store/index.js'
import { recordingLogger } from '../../src/core/sync/testing/paired-devices.js'
import { syncFolder } from '../../src/core/sync/sync-folder.js'
import { namedDocumentsToSync } from '../../src/core/sync/vault-sync.js'
import { SCHEMAS_DOCUMENT } from '../../src/core/vault/synced-documents.js'
import type { Vault } from '../../src/core/vault/vault.js'
import { isMeVaultError, type MeVaultError } from '../../src/shared/errors.js'
import { vaultPeers } from './vault-peers.js'

let peers = vaultPeers()
afterEach(async () => {
  await peers.closeAll()
  peers = vaultPeers()
})

const REFUSAL = "The vault's policy document was written by a newer MeVault (schema 2); update MeVault on this device"

async function failureOf(promise: Promise<unknown>): Promise<MeVaultError> {
  const outcome = await promise.then(
    () => undefined,
    (error: unknown) => error
  )
  if (!isMeVaultError(outcome)) throw new Error(`expected a MeVaultError, got ${String(outcome)}`)
  return outcome
}

/**
 * What a newer MeVault does on `vault` (a real vault of this vault's devices): it writes the policy
 * document in a new shape (schema 2) and raises its number in the synced `schemas` document first.
 */
async function writeAsNewerMeVault(vault: Vault): Promise<void> {
  await vault.changeDocument(await vault.document<Record<string, number>>(SCHEMAS_DOCUMENT), (doc) => {
    doc.policy = 2
  })
  const policy = await vault.syncPort().open('policy')
  await vault.changeDocument(policy as Awaited<ReturnType<Vault['document']>>, (doc) => {
    ;(doc as Record<string, unknown>).rules = { v: 2, tiers: [['public', 'share']] } // not a shape this MeVault reads
  })
}

describe('a document written by a newer MeVault', () => {
  it('sync carries exactly the documents each feature declares, the schema versions with them', async () => {
    const laptop = await peers.first('laptop')
    expect(await namedDocumentsToSync(laptop)).toEqual(
      expect.arrayContaining(['schemas', 'devices', 'keys', 'policy', 'ledger/months', 'ledger/answered', 'ledger/withdrawals'])
    )
  })

  it('is refused whole when a sync brings it, with its own code; the rest arrives and is read', async () => {
    const laptop = await peers.first('laptop')
    await laptop.set('contact.email', 'ada@example.org')
    const phone = await peers.join(laptop, 'phone')
    await peers.sync(phone, laptop)
    await writeAsNewerMeVault(laptop)
    await laptop.set('contact.city', 'Oslo')

    const refused = await failureOf(peers.sync(phone, laptop))
    expect(refused.code).toBe('NEWER_SCHEMA')
    expect(refused.message).toBe(REFUSAL)
    expect(exitCodeFor(refused.code)).toBe(EXIT.NEWER_SCHEMA)
    // Never half-read: the feature cannot open it, now or after a restart.
    expect(await failureOf(loadPolicy(phone))).toMatchObject({ code: 'NEWER_SCHEMA', message: REFUSAL })
    const phoneAgain = await peers.reopen(phone)
    expect(await failureOf(loadPolicy(phoneAgain))).toMatchObject({ code: 'NEWER_SCHEMA', message: REFUSAL })
    // Documents of the schema it knows came in whole.
    expect((await phoneAgain.get('contact.city')).value).toBe('Oslo')
    expect((await listDevices(phoneAgain)).map((device) => device.name).sort()).toEqual(['laptop', 'phone'])
  })

  it('is refused the same way through a sync folder', async () => {
    const laptop = await peers.first('laptop')
    const phone = await peers.join(laptop, 'phone')
    const folder = join(peers.root, 'folder')
    mkdirSync(folder)
    await writeAsNewerMeVault(laptop)
    await laptop.set('contact.city', 'Oslo')
    await syncFolder(laptop, folder, recordingLogger()).catch(() => undefined) // the laptop itself runs the older MeVault here
    const refused = await failureOf(syncFolder(phone, folder, recordingLogger()))
    expect(refused).toMatchObject({ code: 'NEWER_SCHEMA', message: REFUSAL })
    expect(await failureOf(loadPolicy(phone))).toMatchObject({ code: 'NEWER_SCHEMA' })
    expect((await phone.get('contact.city')).value).toBe('Oslo')
  })
})
