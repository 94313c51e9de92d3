import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { request, type IncomingMessage } from 'node:http'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEngine, type EngineHost } from '../core/engine/host.js'
import { startServer, type RunningServer } from './serve.js'

let root: string
let engine: EngineHost
let server: RunningServer
let session: string
let host: string

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'mevault-events-'))
  const rendererDir = path.join(root, 'renderer')
  await mkdir(rendererDir)
  await writeFile(path.join(rendererDir, 'index.html'), '<title>MeVault</title>')
  // The real engine (a worker thread) behind the real server, as `mevault serve` runs them.
  engine = startEngine({ vaultDir: path.join(root, 'vault'), keyFileFor: (id) => path.join(root, 'keys', `${id}.json`) })
  server = await startServer({ api: engine, events: engine, rendererDir })
  host = `127.0.0.1:${server.port}`
  const entry = await fetch(server.url, { redirect: 'manual' })
  session = entry.headers.getSetCookie()[0]!.split(';')[0]!
})
afterAll(async () => {
  await engine['vault.lock']()
  await server.close()
  await rm(root, { recursive: true, force: true })
})

const eventsPath = (): string => `${new URL(server.appUrl).pathname}api/events`

/** An open GET on the events endpoint: its status, and the text received so far. */
function openStream(
  headers: Record<string, string>
): Promise<{ res: IncomingMessage; text: () => string; ended: Promise<void>; close: () => void }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path: eventsPath(), headers: { Host: host, ...headers } }, (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => (text += chunk))
      res.on('error', () => {})
      const ended = new Promise<void>((done) => res.on('end', done))
      resolve({ res, text: () => text, ended, close: () => req.destroy() })
    })
    req.on('error', reject)
    req.end()
  })
}

/** Resolves once the stream's text contains `wanted`. */
function waitForText(stream: { res: IncomingMessage; text: () => string }, wanted: string): Promise<string> {
  return new Promise((resolve) => {
    const check = (): void => {
      if (!stream.text().includes(wanted)) return
      stream.res.off('data', check)
      resolve(stream.text())
    }
    stream.res.on('data', check)
    check()
  })
}

async function callApi(method: string, input: unknown): Promise<Response> {
  return fetch(`${server.appUrl}api/${method}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: `http://${host}`, Cookie: session },
    body: JSON.stringify(input)
  })
}

describe('change events over `mevault serve` (server-sent events)', () => {
  it('refuses a client without the session cookie, and sends it nothing', async () => {
    for (const cookie of [undefined, 'mevault-session=forged']) {
      const stream = await openStream(cookie ? { Cookie: cookie } : {})
      expect(stream.res.statusCode).toBe(401)
      await stream.ended
      expect(stream.text()).not.toContain('event:')
      expect(stream.res.headers['content-type']).not.toContain('text/event-stream')
    }
  })

  it('refuses a page of another origin even with the cookie', async () => {
    const stream = await openStream({ Cookie: session, Origin: 'http://evil.example' })
    expect(stream.res.statusCode).toBe(403)
    stream.close()
  })

  it('sends a signed-in page a change event after a field is set, and a lock event on lock', async () => {
    const stream = await openStream({ Cookie: session })
    expect(stream.res.statusCode).toBe(200)
    expect(stream.res.headers['content-type']).toContain('text/event-stream')
    expect((await callApi('vault.create', { passphrase: 'correct horse battery' })).status).toBe(200)
    expect((await callApi('fields.set', { path: 'contact.email', value: 'ada@example.org' })).status).toBe(200)
    const text = await waitForText(stream, 'data: {"kind":"fields"}')
    expect(text).toContain('event: change\ndata: {"kind":"fields"}\n\n')
    expect(text).not.toContain('ada@example.org') // what changed, never the values
    expect((await callApi('vault.lock', undefined)).status).toBe(200)
    await waitForText(stream, 'data: {"kind":"lock"}')
    stream.close()
  })
})
