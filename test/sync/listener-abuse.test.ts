import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { listDevices } from '../../src/core/devices/device-list.js'
import { acceptInvitation } from '../../src/core/pairing/accept-invitation.js'
import { decodeInviteCode } from '../../src/core/pairing/invite-code.js'
import { openInvitation, type InvitationOptions } from '../../src/core/pairing/invitation.js'
import { recordingLogger } from '../../src/core/sync/testing/paired-devices.js'
import type { Vault } from '../../src/core/vault/vault.js'
import { closedWithin, destroyConnections, frameHeader, handshakeWithInviter, rawConnection } from './pairing-attacker.js'
import { KDF, PASSPHRASE, vaultPeers } from './vault-peers.js'

/** Waits for what the listener does on its own time; generous, so a busy machine does not fail it. */
const POLL = { timeout: 15_000 }

let peers = vaultPeers()
afterEach(async () => {
  await peers.closeAll()
  peers = vaultPeers()
})

/**
 * The target: every abusive connection is closed within 15 s. Waiting for 'close' with that
 * cap is a liveness bound (without the limits these connections stay open for good), not a speed check.
 */
const CLOSED_WITHIN_MS = 15_000
const SIXTY_FOUR_MIB = 64 * 1024 * 1024

/** The inviter's side of `pair invite`, and a way to join it as the real new machine. */
async function inviting(laptop: Vault, options: InvitationOptions = {}) {
  const log = recordingLogger()
  const invitation = await openInvitation(laptop, { logger: log, ...options })
  const joinAsPhone = () =>
    acceptInvitation(invitation.code, {
      dir: join(peers.root, 'phone'),
      passphrase: PASSPHRASE,
      deviceName: 'phone',
      kdf: KDF,
      logger: recordingLogger()
    })
  return { invitation, log, joinAsPhone }
}

describe('the pairing listener under abuse', () => {
  it('closes at once 30 connections that announce 64 MiB frames, and a real device still joins meanwhile (default limits)', async () => {
    const laptop = await peers.first('laptop')
    await laptop.set('contact.email', 'ada@example.org')
    const { invitation, log, joinAsPhone } = await inviting(laptop)
    try {
      // Each attacker completes the handshake (this listener takes any key), then starts a 64 MiB frame.
      const attack = Array.from({ length: 30 }, async () => {
        const attacker = await handshakeWithInviter(invitation.code)
        attacker.socket.write(frameHeader(SIXTY_FOUR_MIB))
        attacker.socket.write(new Uint8Array(256 * 1024))
        return closedWithin(attacker.closed, CLOSED_WITHIN_MS)
      })
      const joined = joinAsPhone()
      expect(await Promise.all(attack)).toEqual(Array(30).fill('closed'))
      const phone = await joined
      peers.adopt(phone.vault)

      expect(log.warnings.filter((line) => /frame of 67108864 bytes exceeds the limit of 4113/.test(line))).toHaveLength(30)
      expect((await invitation.joined)?.name).toBe('phone')
      expect((await listDevices(laptop)).map((device) => device.name).sort()).toEqual(['laptop', 'phone'])
      expect(await peers.sync(phone.vault, laptop)).toMatchObject({ fieldsAdded: 1 })
    } finally {
      destroyConnections()
      await invitation.close()
    }
  })

  it('drops a connection that does not prove the code in time, even one that sends a small frame slowly', async () => {
    const laptop = await peers.first('laptop')
    // Short enough not to slow the test down, long enough for a handshake on a busy machine.
    const { invitation, log, joinAsPhone } = await inviting(laptop, { joinDeadlineMs: 2000, maxJoinFrameBytes: 512 })
    try {
      const silent = rawConnection(decodeInviteCode(invitation.code).port) // never says a word
      const idle = await handshakeWithInviter(invitation.code) // shakes hands, then nothing
      const slow = await handshakeWithInviter(invitation.code) // starts a frame within the limit, never ends it
      slow.socket.write(frameHeader(400))
      slow.socket.write(new Uint8Array(10))
      const tooBig = await handshakeWithInviter(invitation.code) // a frame above the (injected) limit
      tooBig.socket.write(frameHeader(2048))

      const outcomes = await Promise.all([silent, idle, slow, tooBig].map((c) => closedWithin(c.closed, CLOSED_WITHIN_MS)))
      expect(outcomes).toEqual(['closed', 'closed', 'closed', 'closed'])
      const lateOnes = log.warnings.filter((line) => /handshake not completed in time|no join request within 2000 ms/.test(line))
      expect(lateOnes).toHaveLength(3)
      expect(log.warnings.join('\n')).toMatch(/frame of 2048 bytes exceeds the limit of 529/)

      const phone = await joinAsPhone()
      peers.adopt(phone.vault)
      expect((await invitation.joined)?.name).toBe('phone')
    } finally {
      destroyConnections()
      await invitation.close()
    }
  })

  it('closes new connections at once while the cap of unproven ones is reached, and takes a device again once they are gone', async () => {
    const laptop = await peers.first('laptop')
    // A deadline far beyond the test, so that only the cap can close a connection here.
    const { invitation, log, joinAsPhone } = await inviting(laptop, { maxPendingConnections: 3, joinDeadlineMs: 600_000 })
    const { port } = decodeInviteCode(invitation.code)
    try {
      const waiting = [rawConnection(port), rawConnection(port), rawConnection(port)]
      // The listener greets each connection it takes in: these three hold its three places.
      await expect.poll(() => waiting.every((connection) => connection.received > 0), POLL).toBe(true)
      const fourth = rawConnection(port)
      expect(await closedWithin(fourth.closed, CLOSED_WITHIN_MS)).toBe('closed')
      expect(fourth.received).toBe(0) // closed before any handshake: it cost the inviter nothing
      expect(waiting.map((connection) => connection.isClosed)).toEqual([false, false, false])
      expect(log.warnings.join('\n')).toMatch(/pair: 3 connections are already waiting to authenticate/)
      // A real device arriving now is told to try again, not that the code is wrong.
      await expect(joinAsPhone()).rejects.toMatchObject({
        code: 'CONNECTION_LOST',
        message: expect.stringMatching(/closed the connection before the handshake ended \(too many connections waiting there/)
      })

      for (const connection of waiting) connection.socket.destroy()
      // The inviter has let go of the three once it has logged their end.
      await expect.poll(() => log.lines.filter((line) => /could not reach/.test(line)).length, POLL).toBe(3)
      const phone = await joinAsPhone()
      peers.adopt(phone.vault)
      expect((await invitation.joined)?.name).toBe('phone')
    } finally {
      destroyConnections()
      await invitation.close()
    }
  })
})
