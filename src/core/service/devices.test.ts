import { connect } from 'node:net'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createTempVaultApi } from '../../../test/helpers/temp-vault-api.js'
import { tempDir } from '../../../test/helpers/temp-dir.js'
import { invokeMethod, type MeVaultApi } from '../../shared/api.js'
import { isMeVaultError } from '../../shared/errors.js'
import { acceptInvitation } from '../pairing/accept-invitation.js'
import { serveSync, syncNow } from '../sync/sync-session.js'
import type { Vault } from '../vault/vault.js'

const PASSPHRASE = 'correct horse battery'
const FAST_KDF = { opslimit: 1, memlimit: 64 * 1024 * 1024 }
const quiet = { info: () => {}, warn: () => {} }

const apis: MeVaultApi[] = []
const vaults: Vault[] = []
afterEach(async () => {
  for (const api of apis.splice(0)) await api['vault.lock']()
  for (const vault of vaults.splice(0)) await vault.close().catch(() => {})
})

async function unlockedApi(): Promise<MeVaultApi> {
  const api = createTempVaultApi()
  apis.push(api)
  await api['vault.create']({ passphrase: PASSPHRASE })
  return api
}

/** A second machine joins with the code, exactly as `mevault pair accept CODE` does. */
async function joinWith(code: string, name: string): Promise<Vault> {
  const { vault } = await acceptInvitation(code, { dir: join(tempDir('mevault-joiner'), 'vault'), passphrase: PASSPHRASE, deviceName: name, kdf: FAST_KDF, logger: quiet })
  vaults.push(vault)
  return vault
}

async function errorOf(promise: Promise<unknown>): Promise<{ code?: string; message: string }> {
  try {
    await promise
  } catch (error) {
    return { code: isMeVaultError(error) ? error.code : undefined, message: (error as Error).message }
  }
  throw new Error('expected a failure')
}

const refusesConnections = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    socket.once('connect', () => (socket.destroy(), resolve(false)))
    socket.once('error', () => resolve(true))
  })

describe('the devices methods of the vault service, on real vaults and sockets', () => {
  it('a new vault lists only this device, never synced, with no listener running', async () => {
    const api = await unlockedApi()
    const [me, ...others] = await api['devices.list']()
    expect(others).toEqual([])
    expect(me).toMatchObject({ thisDevice: true, fingerprint: expect.stringMatching(/^[0-9a-f]{16}$/) })
    expect(me!.lastSeen).toBeUndefined()
    expect(me!.revokedAt).toBeUndefined()
    expect(await api['devices.syncStatus']()).toEqual({ listener: null, invitation: null, joined: null })
  })

  it('invites a machine that joins with the code, syncs back, shows in the list and can be revoked', async () => {
    const api = await unlockedApi()
    await api['fields.set']({ path: 'contact.email', value: 'zoe@example.org', tier: 'public', type: 'email' })
    const invitation = await api['devices.invite']()
    expect(invitation.code).toMatch(/^mv1-[1-9A-HJ-NP-Za-km-z]+$/)
    expect(invitation.host).toBe('127.0.0.1')
    expect(Date.parse(invitation.expiresAt) - Date.now()).toBeGreaterThan(9 * 60_000)
    // A QR code is square, at least version 1 (21 modules), with both dark and light modules.
    expect(invitation.qr.size).toBeGreaterThanOrEqual(21)
    expect(invitation.qr.modules).toHaveLength(invitation.qr.size)
    expect(invitation.qr.modules.every((row) => row.length === invitation.qr.size)).toBe(true)
    expect(new Set(invitation.qr.modules.flat())).toEqual(new Set([true, false]))
    // The listener runs so that the new machine's first sync can come back to it.
    const { listener } = await api['devices.syncStatus']()
    expect(listener).toMatchObject({ host: '127.0.0.1', network: false, port: expect.any(Number) })
    expect((await api['devices.syncStatus']()).invitation?.code).toBe(invitation.code)

    const laptop = await joinWith(invitation.code, 'work laptop')
    const firstSync = await syncNow(laptop, { host: listener!.host, port: listener!.port, logger: quiet })
    expect(firstSync).toMatchObject({ recordsAdded: 1, fieldsAdded: 1 })
    expect((await laptop.get('contact.email')).value).toBe('zoe@example.org')

    const status = await api['devices.syncStatus']()
    expect(status.invitation).toBeNull() // used once, then closed
    expect(status.joined).toEqual({ id: laptop.device.id, name: 'work laptop' })
    const listed = await api['devices.list']()
    const joined = listed.find((device) => device.id === laptop.device.id)
    expect(listed).toHaveLength(2)
    expect(joined).toMatchObject({ name: 'work laptop', thisDevice: false })
    expect(joined!.lastSeen).toBeDefined() // it synced here

    const revoked = await api['devices.revoke']({ id: laptop.device.id })
    expect(revoked.revokedAt).toBeDefined()
    expect((await api['devices.list']()).find((d) => d.id === laptop.device.id)?.revokedAt).toBe(revoked.revokedAt)
    // A revoked device can no longer sync with this one.
    const refused = await errorOf(syncNow(laptop, { host: listener!.host, port: listener!.port, logger: quiet, timeoutMs: 5_000 }))
    expect(refused.code).toBe('PEER_REFUSED')
  })

  it('syncs now with a paired device that serves, and says what changed here', async () => {
    const api = await unlockedApi()
    const phone = await joinWith((await api['devices.invite']()).code, 'phone')
    await phone.set('identity.first_name', 'Zoë', { tier: 'restricted' })
    await phone.set('contact.phone', '+44 20 7946 0000')
    const server = await serveSync(phone, { logger: quiet })
    try {
      const result = await api['devices.syncNow']({ peer: `127.0.0.1:${server.port}` })
      expect(result).toMatchObject({ peer: `127.0.0.1:${server.port}`, recordsAdded: 2, fieldsAdded: 2 })
      expect(result.description).toBe('2 records added, 2 fields added')
      expect((await api['fields.get']({ path: 'identity.first_name' })).value).toBe('Zoë')
      const again = await api['devices.syncNow']({ peer: `127.0.0.1:${server.port}` })
      expect(again.description).toBe('already in step: nothing changed here')
      expect((await api['devices.list']()).find((d) => d.name === 'phone')?.lastSeen).toBeDefined()
    } finally {
      await server.close()
    }
  })

  it('refuses a bad address, and says so when nobody answers', async () => {
    const api = await unlockedApi()
    for (const peer of ['nonsense', 'host:', ':41234', 'a b:1', 'http://x:1']) {
      const result = await invokeMethod(api, 'devices.syncNow', { peer })
      expect(result).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', message: expect.stringContaining('HOST:PORT') } })
    }
    expect(await errorOf(api['devices.syncNow']({ peer: '127.0.0.1:70000' }))).toMatchObject({ code: 'BAD_INPUT' })
    expect(await errorOf(api['devices.syncNow']({ peer: '127.0.0.1:0' }))).toMatchObject({ code: 'BAD_INPUT' })
    // A port nothing listens on: the one a stopped listener had.
    const { listener } = await api['devices.listen']({ network: false })
    await api['devices.stopListening']()
    const nobody = await errorOf(api['devices.syncNow']({ peer: `127.0.0.1:${listener!.port}` }))
    expect(nobody.code).toBe('UNREACHABLE')
    expect(nobody.message).toContain(`127.0.0.1:${listener!.port}`)
    expect(await errorOf(api['devices.revoke']({ id: 'feedfacefeedface' }))).toMatchObject({ code: 'NOT_FOUND' })
    const [me] = await api['devices.list']()
    expect(await errorOf(api['devices.revoke']({ id: me!.id }))).toMatchObject({ code: 'BAD_INPUT' })
  })

  it('a cancelled invitation can no longer be used', async () => {
    const api = await unlockedApi()
    const { code } = await api['devices.invite']()
    expect((await api['devices.cancelInvitation']()).invitation).toBeNull()
    expect((await errorOf(joinWith(code, 'too late'))).code).toBe('UNREACHABLE')
    expect(await api['devices.list']()).toHaveLength(1)
  })

  it('listens for the network on request, and locking stops the listener and the invitation', async () => {
    const api = await unlockedApi()
    const local = await api['devices.listen']({ network: false })
    expect(local.listener).toMatchObject({ host: '127.0.0.1', network: false })
    const { code } = await api['devices.invite']()
    const wide = await api['devices.listen']({ network: true })
    expect(wide.listener).toMatchObject({ host: '0.0.0.0', network: true })
    expect(wide.invitation).toBeNull() // its code named the old listener
    expect((await errorOf(joinWith(code, 'stale code'))).code).toBe('UNREACHABLE')

    const invitation = await api['devices.invite']()
    await api['vault.lock']()
    expect(await refusesConnections(wide.listener!.port)).toBe(true)
    expect(await refusesConnections(invitation.port)).toBe(true)
    expect(await errorOf(api['devices.syncStatus']())).toMatchObject({ code: 'LOCKED' })
    await api['vault.unlock']({ passphrase: PASSPHRASE })
    expect((await api['devices.syncStatus']()).listener).toBeNull()
  })
})
