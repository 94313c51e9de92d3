import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { listDevices, revokeDevice } from '../../src/core/devices/device-list.js'
import { acceptInvitation } from '../../src/core/pairing/accept-invitation.js'
import { decodeInviteCode, encodeInviteCode } from '../../src/core/pairing/invite-code.js'
import { openInvitation } from '../../src/core/pairing/invitation.js'
import { recordingLogger } from '../../src/core/sync/testing/paired-devices.js'
import { TcpTap } from '../../src/core/sync/testing/tcp-tap.js'
import { serveSync, syncNow } from '../../src/core/sync/sync-session.js'
import { isMeVaultError } from '../../src/shared/errors.js'
import { KDF, PASSPHRASE, vaultPeers } from './vault-peers.js'

let peers = vaultPeers()
afterEach(async () => {
  await peers.closeAll()
  peers = vaultPeers()
})

const SECRET = 'Passport-Q7-Marigold-Lighthouse'

async function refusal(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise
  } catch (error) {
    if (isMeVaultError(error)) return { code: error.code, message: error.message }
    throw error
  }
  throw new Error('expected a refusal')
}

describe('nobody outside the vault gets anything', () => {
  it('refuses a device from another vault, and sends it no byte of plaintext', async () => {
    const laptop = await peers.first('laptop')
    await laptop.set('docs.passport', SECRET, { tier: 'private' })
    const stranger = await peers.first('stranger')
    const logger = recordingLogger()
    const server = await serveSync(laptop, { logger })
    const tap = new TcpTap(server.port)
    const port = await tap.start()
    try {
      const refused = await refusal(syncNow(stranger, { host: '127.0.0.1', port, logger: recordingLogger() }))
      // The stranger checks the laptop's key first and does not trust it either: its own refusal is what it reports.
      expect(refused.code).toBe('PEER_UNKNOWN')
      expect(refused.message).toMatch(/is not one this vault trusts/)
      // The serving side logs its refusal on its own time: the refused client may be back first.
      await expect.poll(() => logger.warnings.join('\n')).toMatch(/unknown device \([0-9a-f]{16}\) is not paired with this device/)
      expect(tap.bytes().includes(SECRET)).toBe(false)
      expect(await stranger.list()).toEqual([])
    } finally {
      await tap.stop()
      await server.close()
    }
  })

  it('refuses a revoked device from then on; its copy stops at what it had', async () => {
    const laptop = await peers.first('laptop')
    await laptop.set('contact.email', 'ada@example.org')
    const phone = await peers.join(laptop, 'phone')
    await peers.sync(phone, laptop)
    await revokeDevice(laptop, phone.device.id)
    await laptop.set('docs.passport', SECRET, { tier: 'private' })

    const logger = recordingLogger()
    const server = await serveSync(laptop, { logger })
    try {
      const refused = await refusal(syncNow(phone, { host: server.host, port: server.port, logger: recordingLogger() }))
      expect(refused).toEqual({ code: 'PEER_REFUSED', message: expect.stringMatching(/refused this device: it is not paired with it, or it revoked this device/) })
    } finally {
      await server.close()
    }
    expect(logger.warnings.join('\n')).toMatch(/is not paired with this device \(or was revoked\)/)
    expect((await phone.list()).map((field) => field.path)).toEqual(['contact.email'])
    const revoked = (await listDevices(laptop)).find((device) => device.id === phone.device.id)
    expect(revoked?.revokedAt).toBeDefined()
  })

  it('spreads a revocation: a third device refuses the revoked one after syncing with the revoker', async () => {
    const laptop = await peers.first('laptop')
    const phone = await peers.join(laptop, 'phone')
    const tablet = await peers.join(laptop, 'tablet')
    await peers.sync(phone, laptop)
    await revokeDevice(laptop, phone.device.id)
    await peers.sync(tablet, laptop) // the tablet learns of the revocation
    await tablet.set('docs.passport', SECRET)
    const refused = await refusal(peers.sync(phone, tablet))
    expect(refused.code).toBe('PEER_REFUSED')
    expect((await phone.list()).some((field) => field.value === SECRET)).toBe(false)
  })
})

describe('invitation codes', () => {
  const accept = (code: string, name: string) =>
    acceptInvitation(code, {
      dir: join(peers.root, name),
      passphrase: PASSPHRASE,
      deviceName: name,
      kdf: KDF,
      logger: recordingLogger()
    })

  it('refuses a code used a second time', async () => {
    const laptop = await peers.first('laptop')
    const invitation = await openInvitation(laptop, { logger: recordingLogger() })
    try {
      const first = await accept(invitation.code, 'phone')
      await first.vault.close()
      const second = await refusal(accept(invitation.code, 'tablet'))
      expect(second).toEqual({ code: 'WRONG_CREDENTIALS', message: expect.stringMatching(/already used/) })
      expect((await listDevices(laptop)).map((d) => d.name).sort()).toEqual(['laptop', 'phone'])
    } finally {
      await invitation.close()
    }
  })

  it('refuses an expired code without connecting, and the inviter refuses it too', async () => {
    const laptop = await peers.first('laptop')
    const invitation = await openInvitation(laptop, { ttlMs: 1500, logger: recordingLogger() })
    try {
      await new Promise((resolve) => setTimeout(resolve, 1600))
      expect(await refusal(accept(invitation.code, 'phone'))).toEqual({
        code: 'WRONG_CREDENTIALS',
        message: expect.stringMatching(/expired/)
      })
      // A clock-skewed joiner that still thinks the code is valid: the inviter refuses it.
      const skewed = await refusal(
        acceptInvitation(invitation.code, {
          dir: join(peers.root, 'skewed'),
          passphrase: PASSPHRASE,
          deviceName: 'skewed',
          kdf: KDF,
          clock: () => new Date(Date.now() - 60_000),
          logger: recordingLogger()
        })
      )
      expect(skewed.message).toMatch(/inviting device refused: This invitation has expired/)
    } finally {
      await invitation.close()
    }
  })

  it('refuses a code with the right address but the wrong secret, and one naming another key', async () => {
    const laptop = await peers.first('laptop')
    const invitation = await openInvitation(laptop, { logger: recordingLogger() })
    try {
      const real = decodeInviteCode(invitation.code)
      const wrongSecret = encodeInviteCode({ ...real, secret: new Uint8Array(16).fill(7) })
      expect((await refusal(accept(wrongSecret, 'phone'))).message).toMatch(/does not match this invitation/)
      const otherKey = encodeInviteCode({ ...real, inviterPublicKey: new Uint8Array(32).fill(9) })
      expect((await refusal(accept(otherKey, 'tablet'))).message).toMatch(/not the one that made this invitation/)
      // The real code still works after both.
      const joined = await accept(invitation.code, 'phone2')
      expect(joined.vault.did).toBe(laptop.did)
      await joined.vault.close()
    } finally {
      await invitation.close()
    }
  })

  it('rejects a mistyped or truncated code as bad input', async () => {
    const laptop = await peers.first('laptop')
    const invitation = await openInvitation(laptop, { logger: recordingLogger() })
    try {
      const flipped = invitation.code.slice(0, -3) + (invitation.code.at(-3) === 'a' ? 'b' : 'a') + invitation.code.slice(-2)
      expect(await refusal(accept(flipped, 'phone'))).toEqual({ code: 'BAD_INPUT', message: expect.stringMatching(/mistyped/) })
      expect((await refusal(accept(invitation.code.slice(0, 20), 'phone'))).code).toBe('BAD_INPUT')
      expect((await refusal(accept('hello', 'phone'))).message).toMatch(/not a MeVault invitation code/)
    } finally {
      await invitation.close()
    }
  })
})
