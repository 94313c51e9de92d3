import { randomBytes } from 'node:crypto'
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:net'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { tempDir } from '../../../test/helpers/temp-dir.js'
import { invokeMethod, type MeVaultApi, type SyncStatus, type VaultChange } from '../../shared/api.js'
import { isMeVaultError } from '../../shared/errors.js'
import { acceptInvitation } from '../pairing/accept-invitation.js'
import type { Vault } from '../vault/vault.js'
import { createVaultService } from './index.js'

const PASSPHRASE = 'correct horse battery'
const FAST_KDF = { opslimit: 1, memlimit: 64 * 1024 * 1024 }
const quiet = { info: () => {}, warn: () => {} }

const cleanups: Array<() => Promise<unknown>> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

/** The real vault service over a fresh vault, unlocked, with the change events it emits. */
async function unlockedApi(): Promise<{ api: MeVaultApi; changes: (listener: (change: VaultChange) => void) => void }> {
  const root = tempDir('mevault-invite')
  const listeners = new Set<(change: VaultChange) => void>()
  const api = createVaultService(
    { vaultDir: join(root, 'vault'), keyFileFor: (id) => join(root, 'keys', `${id}.json`) },
    { onChange: (change) => listeners.forEach((listener) => listener(change)) }
  )
  await api['vault.create']({ passphrase: PASSPHRASE })
  cleanups.push(() => api['vault.lock']())
  return { api, changes: (listener) => listeners.add(listener) }
}

async function joinWith(code: string, name: string): Promise<Vault> {
  const { vault } = await acceptInvitation(code, { dir: join(tempDir('mevault-joiner'), 'vault'), passphrase: PASSPHRASE, deviceName: name, kdf: FAST_KDF, logger: quiet })
  cleanups.push(() => vault.close())
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

/** A port some other program already listens on. */
async function portTakenElsewhere(): Promise<number> {
  const server: Server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  cleanups.push(() => new Promise((resolve) => server.close(resolve)))
  return (server.address() as { port: number }).port
}

async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise((resolve) => server.close(resolve))
  return port
}

describe('devices.invite with the options of `mevault pair invite`', () => {
  it('listens on the port asked for, puts the advertised address in the code and lasts the minutes asked for', async () => {
    const { api } = await unlockedApi()
    const port = await freePort()
    const invitation = await api['devices.invite']({ port, advertise: 'laptop.local', minutes: 2 })
    expect({ host: invitation.host, port: invitation.port }).toEqual({ host: 'laptop.local', port })
    const lasts = Date.parse(invitation.expiresAt) - Date.now()
    expect(lasts).toBeGreaterThan(60_000)
    expect(lasts).toBeLessThanOrEqual(2 * 60_000)
    // The first sync goes to the listener beside it, on a port of its own.
    expect((await api['devices.syncStatus']()).listener).toMatchObject({ host: '127.0.0.1', network: false })
  })

  it('refuses, in one line, a port that is taken or is the sync listener’s, and a host other than the listener’s', async () => {
    const { api } = await unlockedApi()
    const listener = (await api['devices.listen']({ network: false })).listener!
    expect(await errorOf(api['devices.invite']({ port: listener.port }))).toEqual({
      code: 'BAD_INPUT',
      message: `Port ${listener.port} is this vault's sync listener; the invitation needs a port of its own: choose another, or leave it out for any free one`
    })
    const taken = await portTakenElsewhere()
    expect(await errorOf(api['devices.invite']({ port: taken }))).toEqual({
      code: 'BUSY',
      message: `Port ${taken} on 127.0.0.1 is already in use: choose another port, or leave it out for any free one`
    })
    const moved = await errorOf(api['devices.invite']({ host: '0.0.0.0' }))
    expect(moved.code).toBe('BAD_INPUT')
    expect(moved.message).toContain(`already listens for sync on 127.0.0.1:${listener.port} and keeps that address`)
    // The holder's listener stayed where it was, and no invitation was left half open.
    expect(await api['devices.syncStatus']()).toMatchObject({ listener: { port: listener.port, host: '127.0.0.1' }, invitation: null })
  })

  it('checks the options at the boundary', async () => {
    const { api } = await unlockedApi()
    for (const [input, problem] of [
      [{ minutes: 0 }, 'minutes must be more than 0 and at most 60'],
      [{ minutes: 61 }, 'minutes must be more than 0 and at most 60'],
      [{ port: 70_000 }, 'port must be 0 to 65535'],
      [{ host: 'a host; rm -rf' }, 'host must be an address'],
      [{ advertise: '10.0.0.1:80' }, 'without a port'],
      [{ hostname: 'x' }, 'unknown key(s) hostname']
    ] as const) {
      const result = await invokeMethod(api, 'devices.invite', input)
      expect(result).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', message: expect.stringContaining(problem) } })
    }
    // Left out entirely, as the app's Devices screen calls it.
    expect(await invokeMethod(api, 'devices.invite', undefined)).toMatchObject({ ok: true })
  })

  it('tells its faces when the invitation ended, once the device that joined is known', async () => {
    const { api, changes } = await unlockedApi()
    // What a face sees when it re-reads on each "devices" change, until the invitation is gone.
    const ended = new Promise<SyncStatus>((resolve) =>
      changes((change) => {
        if (change.kind !== 'devices') return
        void api['devices.syncStatus']().then((status) => status.invitation === null && resolve(status))
      })
    )
    const invitation = await api['devices.invite']()
    const phone = await joinWith(invitation.code, 'phone')
    expect((await ended).joined).toEqual({ id: phone.device.id, name: 'phone' })

    const cancelled = new Promise<SyncStatus>((resolve) =>
      changes((change) => {
        if (change.kind === 'devices') void api['devices.syncStatus']().then((status) => status.invitation === null && resolve(status))
      })
    )
    await api['devices.invite']()
    await api['devices.cancelInvitation']()
    expect(await cancelled).toMatchObject({ invitation: null, joined: null })
  })
})

describe('devices.syncFolder', () => {
  it('runs the exchange where the vault is held and brings back the counts and a line per file left unread', async () => {
    const { api } = await unlockedApi()
    await api['fields.set']({ path: 'contact.email', value: 'zoe@example.org' })
    const folder = join(tempDir('mevault-folder'), 'shared')
    mkdirSync(folder)
    writeFileSync(join(folder, '0123456789abcdef.\x1b[2J.mvsync'), randomBytes(300))
    const result = await api['devices.syncFolder']({ folder })
    expect(result).toMatchObject({ skipped: 1, skippedReasons: { failedAuthentication: 1 }, written: expect.any(Number), read: 0 })
    expect(result.written).toBeGreaterThan(0)
    expect(readdirSync(folder).filter((name) => name.endsWith('.mvsync'))).toHaveLength(result.written + 1)
    expect(result.skippedDescription).toBe('skipped 1 file (1 failed authentication)')
    expect(result.description).toBe('already in step: nothing changed here')
    expect(result.lines).toEqual([expect.stringMatching(/^sync folder: skipped 0123456789abcdef\.\\u\{1b\}\[2J\.mvsync: failed authentication/)])
    // Nothing of the vault's content in what comes back.
    expect(JSON.stringify(result)).not.toContain('zoe@example.org')
  })

  it('takes an absolute folder only, and one exchange at a time', async () => {
    const { api } = await unlockedApi()
    expect(await invokeMethod(api, 'devices.syncFolder', { folder: 'relative/folder' })).toMatchObject({
      ok: false,
      error: { code: 'BAD_INPUT', message: 'devices.syncFolder: folder: folder must be an absolute path' }
    })
    const folder = join(tempDir('mevault-folder'), 'shared')
    const first = api['devices.syncFolder']({ folder })
    expect(await errorOf(api['devices.syncFolder']({ folder }))).toMatchObject({ code: 'BUSY' })
    expect((await first).written).toBeGreaterThan(0)
  })
})
