import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { acceptInvitation } from '../../src/core/pairing/accept-invitation.js'
import { firstSyncAfterJoining } from '../../src/core/pairing/first-sync.js'
import { openInvitation } from '../../src/core/pairing/invitation.js'
import { serveSync, type SyncServer } from '../../src/core/sync/sync-session.js'
import { recordingLogger } from '../../src/core/sync/testing/paired-devices.js'
import { tempDir } from '../helpers/temp-dir.js'
import { KDF, PASSPHRASE, vaultPeers } from './vault-peers.js'

let peers = vaultPeers()
const servers: SyncServer[] = []
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close()
  await peers.closeAll()
  peers = vaultPeers()
})

describe("a joined device's first sync", () => {
  it('waits for an inviting machine that is slow to start syncing (a big vault, a busy machine), then receives the vault', async () => {
    const laptop = await peers.first('laptop')
    await laptop.set('contact.email', 'ada@example.org')
    const invitation = await openInvitation(laptop, { logger: recordingLogger() })
    const joined = await acceptInvitation(invitation.code, {
      dir: join(tempDir('mevault-first-sync'), 'tablet'),
      passphrase: PASSPHRASE,
      deviceName: 'tablet',
      kdf: KDF,
      logger: recordingLogger()
    })
    const tablet = peers.adopt(joined.vault)
    await invitation.joined
    await invitation.close()

    // The laptop opens its port for sync only after 7 s: longer than the few seconds the joining
    // side used to try for, which a loaded machine's switch from invitation to sync can take.
    const late = new Promise<void>((resolve) =>
      setTimeout(() => {
        void serveSync(laptop, { host: joined.syncAt.host, port: joined.syncAt.port, logger: recordingLogger() }).then((server) => {
          servers.push(server)
          resolve()
        })
      }, 7_000)
    )
    const first = await firstSyncAfterJoining(tablet, joined.syncAt, recordingLogger())
    await late
    expect(first.failure).toBeUndefined()
    expect(first.summary).toMatchObject({ recordsAdded: 1, fieldsAdded: 1 })
    expect((await tablet.get('contact.email')).value).toBe('ada@example.org')
  }, 120_000)

  it('gives up with the reason once its patience is spent, the device joined either way', async () => {
    const laptop = await peers.first('laptop')
    const invitation = await openInvitation(laptop, { logger: recordingLogger() })
    const joined = await acceptInvitation(invitation.code, {
      dir: join(tempDir('mevault-first-sync'), 'tablet'),
      passphrase: PASSPHRASE,
      deviceName: 'tablet',
      kdf: KDF,
      logger: recordingLogger()
    })
    const tablet = peers.adopt(joined.vault)
    await invitation.joined
    await invitation.close()
    const first = await firstSyncAfterJoining(tablet, joined.syncAt, recordingLogger(), 1_000)
    expect(first.summary).toBeUndefined()
    expect(first.failure).toMatch(/.+/)
    expect(tablet.device.name).toBe('tablet')
  }, 120_000)
})
