import { describe, expect, it } from 'vitest'
import { buildShellEvents, SHELL_EVENT_CHANNELS, type Listen } from '../preload/shell-events.js'
import { buildVaultEvents, VAULT_EVENTS_CHANNEL } from '../preload/vault-events.js'
import type { VaultChange } from '../shared/api.js'
import { RendererEvents } from './renderer-events.js'

/**
 * Main → preload → page, end to end over an in-memory pipe standing in for Electron's IPC:
 * main's RendererEvents sends, the real preload object (window.mevaultShell) receives.
 */
function pipe() {
  const listeners = new Map<string, (payload: unknown) => void>()
  const listen: Listen = (channel, listener) => void listeners.set(channel, listener)
  const shell = buildShellEvents(listen)
  const sent: string[] = []
  const webContents = {
    send: (channel: string, payload?: unknown) => (sent.push(channel), listeners.get(channel)?.(payload))
  }
  return { shell, webContents, sent, listeners }
}

const request = (n: number) => ({ fileName: `r${n}.json`, text: `{"n":${n}}` })

describe('menu commands and opened requests reaching the page', () => {
  it('delivers Lock and Find to the page while it listens, and nothing after it stops', () => {
    const { shell, webContents } = pipe()
    const events = new RendererEvents()
    events.attach(webContents)
    const heard: string[] = []
    const stopLock = shell.onLock(() => heard.push('lock'))
    shell.onFind(() => heard.push('find'))
    events.lock()
    events.find()
    stopLock()
    events.lock()
    expect(heard).toEqual(['lock', 'find'])
  })

  it('keeps a request opened before the window loaded, then while the vault was locked, until the app listens', () => {
    const { shell, webContents, sent } = pipe()
    const events = new RendererEvents()
    events.openRequest(request(1))
    expect(sent).toEqual([])
    events.attach(webContents)
    expect(sent).toEqual([SHELL_EVENT_CHANNELS.openRequest])
    events.openRequest(request(2))
    const opened: unknown[] = []
    const stop = shell.onOpenRequest((r) => opened.push(r))
    expect(opened).toEqual([request(1), request(2)])
    events.openRequest(request(3))
    expect(opened).toEqual([request(1), request(2), request(3)])
    stop()
    events.detach()
    events.openRequest(request(4))
    expect(opened).toHaveLength(3)
  })

  it('keeps only the last few waiting requests, and ignores malformed messages', () => {
    const { shell, webContents, listeners } = pipe()
    const events = new RendererEvents()
    for (let n = 1; n <= 12; n++) events.openRequest(request(n))
    events.attach(webContents)
    listeners.get(SHELL_EVENT_CHANNELS.openRequest)?.({ fileName: 1, text: 'x' })
    listeners.get(SHELL_EVENT_CHANNELS.openRequest)?.(null)
    const opened: Array<{ fileName: string }> = []
    shell.onOpenRequest((r) => opened.push(r))
    expect(opened.map((r) => r.fileName)).toEqual(['r5.json', 'r6.json', 'r7.json', 'r8.json', 'r9.json', 'r10.json', 'r11.json', 'r12.json'])
  })

  it('exposes only the three subscriptions to the page', () => {
    expect(Object.keys(pipe().shell).sort()).toEqual(['onFind', 'onLock', 'onOpenRequest'])
  })
})

describe('vault change events reaching the page', () => {
  it('delivers each change to the page while it listens, and drops what is not a change', () => {
    const listeners = new Map<string, (payload: unknown) => void>()
    const page = buildVaultEvents((channel, listener) => void listeners.set(channel, listener))
    const events = new RendererEvents()
    events.attach({ send: (channel, payload) => listeners.get(channel)?.(payload) })
    const heard: VaultChange[] = []
    const stop = page.onChange((change) => heard.push(change))
    events.change({ kind: 'fields' })
    events.change({ kind: 'lock' })
    listeners.get(VAULT_EVENTS_CHANNEL)?.({ kind: 'everything' })
    listeners.get(VAULT_EVENTS_CHANNEL)?.('fields')
    expect(heard).toEqual([{ kind: 'fields' }, { kind: 'lock' }])
    stop()
    events.change({ kind: 'devices' })
    expect(heard).toHaveLength(2)
  })
})
