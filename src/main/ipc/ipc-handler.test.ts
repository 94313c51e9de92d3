import { describe, expect, it } from 'vitest'
import { createTempVaultApi } from '../../../test/helpers/temp-vault-api.js'
import { METHOD_NAMES, type MeVaultApi } from '../../shared/api.js'
import { ipcChannel } from '../../preload/ipc-channel.js'
import { RENDERER_ENTRY_URL } from '../security/renderer-origin.js'
import { createIpcHandler, type IpcHandler } from './ipc-handler.js'
import { registerIpcHandlers } from './register-ipc.js'

const ours = { frameUrl: 'mevault-app://renderer/index.html', isMainFrame: true }

/** Counts calls reaching the API, to prove refused calls never do. */
function countingApi(): { api: MeVaultApi; calls: string[] } {
  const inner = createTempVaultApi()
  const calls: string[] = []
  const api = Object.fromEntries(
    METHOD_NAMES.map((m) => [m, (input: unknown) => (calls.push(m), (inner[m] as (i: unknown) => Promise<unknown>)(input))])
  ) as MeVaultApi
  return { api, calls }
}

describe('IPC into the vault', () => {
  it('runs calls from our renderer window', async () => {
    const { api } = countingApi()
    const create = createIpcHandler(api, 'vault.create', RENDERER_ENTRY_URL)
    const result = await create(ours, { passphrase: 'correct horse battery' })
    expect(result).toMatchObject({ ok: true, value: { did: expect.stringMatching(/^did:key:/) } })
  })

  it('refuses calls from any other page or from a sub-frame, before touching the vault', async () => {
    const { api, calls } = countingApi()
    const state = createIpcHandler(api, 'vault.state', RENDERER_ENTRY_URL)
    for (const sender of [
      { frameUrl: 'https://evil.example/', isMainFrame: true },
      { frameUrl: 'file:///home/me/out/renderer/index.html', isMainFrame: true },
      { frameUrl: 'mevault-app://other/index.html', isMainFrame: true },
      { frameUrl: undefined, isMainFrame: true },
      { frameUrl: 'mevault-app://renderer/index.html', isMainFrame: false }
    ]) {
      expect(await state(sender, undefined)).toEqual({
        ok: false,
        error: { code: 'FORBIDDEN', message: 'Refused: this call did not come from the MeVault window' }
      })
    }
    expect(calls).toEqual([])
  })

  it('trusts the dev server origin only when that is where the renderer is loaded from', async () => {
    const { api } = countingApi()
    const dev = createIpcHandler(api, 'vault.state', 'http://localhost:5173/')
    expect((await dev({ frameUrl: 'http://localhost:5173/index.html', isMainFrame: true }, undefined)).ok).toBe(true)
    expect((await dev(ours, undefined)).ok).toBe(false)
  })

  it('validates input with the shared schema before the vault sees it', async () => {
    const { api, calls } = countingApi()
    const set = createIpcHandler(api, 'fields.set', RENDERER_ENTRY_URL)
    const result = await set(ours, { path: '../../etc', value: 42, extra: true })
    expect(result.ok).toBe(false)
    if (!result.ok) {
      expect(result.error.code).toBe('BAD_INPUT')
      expect(result.error.message).toContain('path must be RECORD.FIELD')
      expect(result.error.message).toContain('value must be a string')
      expect(result.error.message).toContain('unknown key(s) extra')
    }
    expect(calls).toEqual([])
  })

  it('registers exactly one channel per API method, and nothing else', () => {
    const handled = new Map<string, unknown>()
    registerIpcHandlers({ handle: (channel, listener) => void handled.set(channel, listener) }, countingApi().api, RENDERER_ENTRY_URL)
    expect([...handled.keys()].sort()).toEqual(METHOD_NAMES.map(ipcChannel).sort())
  })

  it('checks the sender of a registered channel from the Electron event', async () => {
    const handled = new Map<string, (event: unknown, raw: unknown) => ReturnType<IpcHandler>>()
    registerIpcHandlers(
      { handle: (channel, listener) => void handled.set(channel, listener as never) },
      countingApi().api,
      RENDERER_ENTRY_URL
    )
    const mainFrame = { url: 'mevault-app://renderer/index.html' }
    const subFrame = { url: 'mevault-app://renderer/index.html' }
    const handler = handled.get(ipcChannel('vault.state'))
    expect((await handler?.({ senderFrame: mainFrame, sender: { mainFrame } }, undefined))?.ok).toBe(true)
    expect((await handler?.({ senderFrame: subFrame, sender: { mainFrame } }, undefined))?.ok).toBe(false)
    expect((await handler?.({ senderFrame: null, sender: { mainFrame } }, undefined))?.ok).toBe(false)
  })
})
