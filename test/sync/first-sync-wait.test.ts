import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { acceptInvitation } from '../../src/core/pairing/accept-invitation.js'
import { firstSyncAfterJoining } from '../../src/core/pairing/first-sync.js'
import { openInvitation } from '../../src/core/pairing/invitation.js'
import { serveSync, type SyncServer } from '../../src/core/sync/sync-session.js'
import { recordingLogger } from '../../src/core/sync/testing/paired-devices.js'
import type { Vault } from '../../src/core/vault/vault.js'
import { tempDir } from '../helpers/temp-dir.js'
import { KDF, PASSPHRASE, vaultPeers } from './vault-peers.js'

let peers = vaultPeers()
const servers: SyncServer[] = []
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close()
  await peers.closeAll()
  peers = vaultPeers()
})

/** A tablet joins the laptop's vault; the invitation then closes, and nothing serves sync yet. */
async function joinWithoutFirstSync(laptop: Vault): Promise<{ tablet: Vault; syncAt: { host: string; port: number } }> {
  const invitation = await openInvitation(laptop, { logger: recordingLogger() })
  const joined = await acceptInvitation(invitation.code, {
    dir: join(tempDir('mevault-first-sync'), 'tablet'),
    passphrase: PASSPHRASE,
    deviceName: 'tablet',
    kdf: KDF,
    logger: recordingLogger()
  })
  await invitation.joined
  await invitation.close()
  return { tablet: peers.adopt(joined.vault), syncAt: joined.syncAt }
}

describe("a joined device's first sync", () => {
  it('waits for an inviting machine that is slow to start syncing (a big vault, a busy machine), then receives the vault', async () => {
    const laptop = await peers.first('laptop')
    await laptop.set('contact.email', 'ada@example.org')
    const { tablet, syncAt } = await joinWithoutFirstSync(laptop)

    // The laptop opens its port for sync only after 7 s: longer than the few seconds the joining
    // side used to try for, which a loaded machine's switch from invitation to sync can take.
    const late = new Promise<void>((resolve) =>
      setTimeout(() => {
        void serveSync(laptop, { host: syncAt.host, port: syncAt.port, logger: recordingLogger() }).then((server) => {
          servers.push(server)
          resolve()
        })
      }, 7_000)
    )
    const first = await firstSyncAfterJoining(tablet, syncAt, recordingLogger())
    await late
    expect(first.failure).toBeUndefined()
    expect(first.summary).toMatchObject({ recordsAdded: 1, fieldsAdded: 1 })
    expect((await tablet.get('contact.email')).value).toBe('ada@example.org')
  }, 120_000)

  it('gives up with the reason once its patience is spent, the device joined either way', async () => {
    const laptop = await peers.first('laptop')
    const { tablet, syncAt } = await joinWithoutFirstSync(laptop)
    const first = await firstSyncAfterJoining(tablet, syncAt, recordingLogger(), 1_000)
    expect(first.summary).toBeUndefined()
    expect(first.failure).toMatch(/.+/)
    expect(tablet.device.name).toBe('tablet')
  }, 120_000)
})
