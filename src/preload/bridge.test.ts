import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { METHOD_NAMES } from '../shared/api.js'
import { buildBridge } from './bridge.js'
import { ipcChannel } from './ipc-channel.js'

describe('the preload bridge (window.mevault)', () => {
  it('has exactly one function per API method and nothing else', () => {
    const bridge = buildBridge(async () => ({ ok: true, value: null }))
    expect(Object.keys(bridge).sort()).toEqual([...METHOD_NAMES].sort())
    for (const fn of Object.values(bridge)) expect(typeof fn).toBe('function')
  })

  it('sends each method on its own channel with its input, and returns the result', async () => {
    const sent: Array<[string, unknown]> = []
    const bridge = buildBridge(async (channel, input) => (sent.push([channel, input]), { ok: true, value: channel }))
    expect(await bridge['fields.get']({ path: 'contact.email' })).toBe('mevault:fields.get')
    await bridge['vault.lock']()
    expect(sent).toEqual([
      [ipcChannel('fields.get'), { path: 'contact.email' }],
      [ipcChannel('vault.lock'), undefined]
    ])
  })

  it('rejects with a plain {code, message} that survives contextBridge', async () => {
    const bridge = buildBridge(async () => ({ ok: false, error: { code: 'LOCKED', message: 'Unlock the vault first' } }))
    await expect(bridge['fields.list']()).rejects.toEqual({ code: 'LOCKED', message: 'Unlock the vault first' })
  })

  it('imports only electron and type-only shared code, so the sandboxed bundle stays one small file', async () => {
    const dir = path.dirname(new URL(import.meta.url).pathname)
    for (const file of (await readdir(dir)).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))) {
      const source = await readFile(path.join(dir, file), 'utf8')
      for (const [, line] of source.matchAll(/^(import .*)$/gm)) {
        expect(line, `${file}: ${line}`).toMatch(/^import type |from '(electron|\.\/[\w-]+\.js)'$/)
      }
    }
  })
})
