import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rendererFileResponse } from './renderer-files.js'
import { CONTENT_SECURITY_POLICY } from './security/content-security-policy.js'

let root: string
let rendererDir: string
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'mevault-protocol-'))
  rendererDir = path.join(root, 'renderer')
  await mkdir(path.join(rendererDir, 'assets'), { recursive: true })
  await writeFile(path.join(rendererDir, 'index.html'), '<title>MeVault</title>')
  await writeFile(path.join(rendererDir, 'assets', 'core.wasm'), new Uint8Array([0, 97, 115, 109]))
  await writeFile(path.join(root, 'vault.sqlite'), 'not for the page')
})
afterAll(() => rm(root, { recursive: true, force: true }))

describe('the renderer protocol in Electron', () => {
  it('serves the built page with the strict CSP and no caching', async () => {
    const reply = await rendererFileResponse(rendererDir, 'mevault-app://renderer/index.html')
    expect(reply.status).toBe(200)
    expect(Buffer.from(reply.body).toString()).toBe('<title>MeVault</title>')
    expect(reply.headers['Content-Security-Policy']).toBe(CONTENT_SECURITY_POLICY)
    expect(reply.headers['Cache-Control']).toBe('no-store')
    expect(reply.headers['Content-Type']).toBe('text/html; charset=utf-8')
  })

  it('serves WebAssembly with its own type, so it can be compiled while streaming', async () => {
    const reply = await rendererFileResponse(rendererDir, 'mevault-app://renderer/assets/core.wasm')
    expect(reply.headers['Content-Type']).toBe('application/wasm')
  })

  it('serves nothing outside the renderer folder, nor for another host', async () => {
    for (const url of [
      'mevault-app://renderer/../vault.sqlite',
      'mevault-app://renderer/%2e%2e/vault.sqlite',
      'mevault-app://elsewhere/index.html',
      'mevault-app://renderer/missing.js'
    ]) {
      const reply = await rendererFileResponse(rendererDir, url)
      expect(reply.status, url).toBe(404)
      expect(reply.headers['Content-Security-Policy']).toBe(CONTENT_SECURITY_POLICY)
    }
  })
})
