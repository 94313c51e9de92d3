import { formatSecretKey, newSecretKey } from '../core/crypto/secret-key.js'
import { randomBytes } from 'node:crypto'
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createTempVaultApi } from '../../test/helpers/temp-vault-api.js'
import type { MeVaultApi } from '../shared/api.js'
import { isMeVaultError } from '../shared/errors.js'
import { CONTENT_SECURITY_POLICY } from '../main/security/content-security-policy.js'
import { startServer, type RunningServer } from './serve.js'

interface Reply {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}

/** Raw node:http, so tests can set Host and Origin the way an attacker's page or a script would. */
function send(
  port: number,
  options: { method?: string; path?: string; headers?: Record<string, string>; body?: string }
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, method: options.method ?? 'GET', path: options.path ?? '/', headers: options.headers },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') })
        )
      }
    )
    req.on('error', reject)
    req.end(options.body)
  })
}

/** The app's own path on this run, e.g. "/Zq3…/". */
function appPath(running: RunningServer): string {
  return new URL(running.appUrl).pathname
}

/** Opens the printed address as a browser would, and returns the session cookie it was given. */
async function signIn(running: RunningServer): Promise<string> {
  const printed = new URL(running.url)
  const entry = await send(running.port, { path: printed.pathname + printed.search, headers: { Host: printed.host } })
  expect(entry.status).toBe(303)
  const [setCookie] = entry.headers['set-cookie'] as string[]
  return setCookie!.split(';')[0]!
}

const INDEX_HTML = '<!doctype html><title>MeVault</title><script type="module" src="./assets/app.js"></script>'
let rendererDir: string
let server: RunningServer
let api: MeVaultApi
let session: string

beforeAll(async () => {
  const root = await mkdtemp(path.join(tmpdir(), 'mevault-serve-'))
  rendererDir = path.join(root, 'renderer')
  await mkdir(path.join(rendererDir, 'assets'), { recursive: true })
  await writeFile(path.join(rendererDir, 'index.html'), INDEX_HTML)
  await writeFile(path.join(rendererDir, 'assets', 'app.js'), 'console.log("ui")')
  await writeFile(path.join(root, 'secret.txt'), 'outside the renderer')
})
afterAll(async () => {
  await rm(path.dirname(rendererDir), { recursive: true, force: true })
})
beforeEach(async () => {
  api = createTempVaultApi()
  server = await startServer({ api, rendererDir })
  session = await signIn(server)
})
afterEach(async () => {
  await server.close()
})

const host = (): string => `127.0.0.1:${server.port}`
const origin = (): string => `http://127.0.0.1:${server.port}`
const inApp = (rest: string): string => appPath(server) + rest
const callApi = (method: string, body?: unknown, extra: Record<string, string> = {}): Promise<Reply> =>
  send(server.port, {
    method: 'POST',
    path: inApp(`api/${method}`),
    headers: { Host: host(), Origin: origin(), Cookie: session, 'Content-Type': 'application/json', ...extra },
    body: body === undefined ? '' : JSON.stringify(body)
  })

describe('mevault serve: who may connect', () => {
  it('prints a loopback URL under a random path with a long random token, both different on every run', async () => {
    const shape = new RegExp(`^http://127\\.0\\.0\\.1:${server.port}/([A-Za-z0-9_-]{22})/\\?token=([A-Za-z0-9_-]{43})$`)
    const [, prefix, token] = shape.exec(server.url) ?? []
    expect(prefix).toBeDefined()
    expect(server.appUrl).toBe(`http://127.0.0.1:${server.port}/${prefix}/`)
    const other = await startServer({ api, rendererDir })
    const [, otherPrefix, otherToken] = /\/([^/]+)\/\?token=(.+)$/.exec(other.url) ?? []
    await other.close()
    expect(otherPrefix).not.toBe(prefix)
    expect(otherToken).not.toBe(token)
  })

  it('sets the session cookie HttpOnly, SameSite=Strict, for the app\'s own path only, and for this browser session only', async () => {
    const fresh = await startServer({ api, rendererDir })
    const printed = new URL(fresh.url)
    const entry = await send(fresh.port, { path: printed.pathname + printed.search, headers: { Host: printed.host } })
    await fresh.close()
    expect(entry.status).toBe(303)
    expect(entry.headers.location).toBe(printed.pathname)
    const cookies = entry.headers['set-cookie'] as string[]
    expect(cookies).toHaveLength(1)
    const [pair, ...attributes] = cookies[0]!.split(';').map((part) => part.trim())
    expect(pair).toMatch(/^mevault-session=[A-Za-z0-9_-]{43}$/)
    // A different secret from the printed token: the address in the history is no credential.
    expect(pair).not.toContain(printed.searchParams.get('token'))
    expect(attributes.sort()).toEqual(['HttpOnly', `Path=${printed.pathname}`, 'SameSite=Strict'].sort())
  })

  it('lets the printed address sign in once: a second use is refused with a page that says why', async () => {
    const again = await send(server.port, { path: new URL(server.url).pathname + new URL(server.url).search, headers: { Host: host() } })
    expect(again.status).toBe(410)
    expect(again.headers['set-cookie']).toBeUndefined()
    expect(again.body).toContain('this address was already used. It signs in only once')
    expect(again.body).toContain('If you did not open it yourself, stop `mevault serve` now.')
    expect(again.body).not.toContain('MeVault</title>')

    // The browser that signed in is simply sent on to the app, with nothing new granted.
    const signedIn = await send(server.port, { path: new URL(server.url).pathname + new URL(server.url).search, headers: { Host: host(), Cookie: session } })
    expect([signedIn.status, signedIn.headers.location, signedIn.headers['set-cookie']]).toEqual([303, appPath(server), undefined])
    const page = await send(server.port, { path: appPath(server), headers: { Host: host(), Cookie: session } })
    expect([page.status, page.body]).toEqual([200, INDEX_HTML])
  })

  it('refuses the page without the session, or with a wrong token, and shows nothing outside its path', async () => {
    for (const path of [inApp(''), inApp('assets/app.js'), inApp('?token=wrong')]) {
      const reply = await send(server.port, { path, headers: { Host: host() } })
      expect(reply.status).toBe(401)
      expect(reply.body).toContain('open the address that `mevault serve` printed')
      expect(reply.body).not.toContain('MeVault</title>')
    }
    for (const path of ['/', '/index.html', '/assets/app.js', '/api/vault.state', `/?token=${new URL(server.url).searchParams.get('token')}`]) {
      const reply = await send(server.port, { path, headers: { Host: host(), Cookie: session } })
      expect(reply.status).toBe(404)
      expect(reply.body).toBe('Not found: open the address that `mevault serve` printed.')
    }
  })

  it('takes the app path without its final slash to the app', async () => {
    const reply = await send(server.port, { path: appPath(server).slice(0, -1), headers: { Host: host() } })
    expect([reply.status, reply.headers.location]).toEqual([303, appPath(server)])
  })

  it('does not take the printed token as a credential, as a cookie or as a bearer', async () => {
    const token = new URL(server.url).searchParams.get('token')!
    const credentials: Record<string, string>[] = [{ Cookie: `mevault-session=${token}` }, { Authorization: `Bearer ${token}` }]
    for (const credential of credentials) {
      const reply = await send(server.port, { path: inApp(''), headers: { Host: host(), ...credential } })
      expect(reply.status).toBe(401)
    }
  })

  it('still knows its own session beside a same-named cookie planted by another server on 127.0.0.1', async () => {
    const reply = await send(server.port, { path: inApp(''), headers: { Host: host(), Cookie: `mevault-session=planted; ${session}` } })
    expect([reply.status, reply.body]).toEqual([200, INDEX_HTML])
  })

  it('refuses a foreign Host even with the session (DNS rebinding)', async () => {
    for (const badHost of [`evil.example:${server.port}`, '127.0.0.1', `127.0.0.1:${server.port + 1}`]) {
      const reply = await send(server.port, { path: inApp(''), headers: { Host: badHost, Cookie: session } })
      expect(reply.status).toBe(403)
    }
  })

  it('refuses API calls from another origin, or with no origin, even with the session', async () => {
    for (const badOrigin of ['http://evil.example', `http://127.0.0.1:${server.port + 1}`, 'null']) {
      const reply = await callApi('vault.state', undefined, { Origin: badOrigin })
      expect(reply.status).toBe(403)
      expect(JSON.parse(reply.body)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    }
    const noOrigin = await send(server.port, {
      method: 'POST',
      path: inApp('api/vault.state'),
      headers: { Host: host(), Cookie: session, 'Content-Type': 'application/json' }
    })
    expect(noOrigin.status).toBe(403)
  })

  it('refuses API calls without the session', async () => {
    const reply = await send(server.port, {
      method: 'POST',
      path: inApp('api/vault.state'),
      headers: { Host: host(), Origin: origin(), 'Content-Type': 'application/json' }
    })
    expect(reply.status).toBe(401)
    expect(JSON.parse(reply.body)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
  })

  it('reports a busy port clearly', async () => {
    const error = await startServer({ api, rendererDir, port: server.port }).catch((e: unknown) => e)
    expect(isMeVaultError(error, 'BUSY')).toBe(true)
    expect((error as Error).message).toContain(`Port ${server.port} is already in use`)
  })
})

describe('mevault serve: the renderer files', () => {
  it('sends the strict CSP and no-store on pages, scripts and refusals alike', async () => {
    const replies = [
      await send(server.port, { path: inApp(''), headers: { Host: host(), Cookie: session } }),
      await send(server.port, { path: inApp('assets/app.js'), headers: { Host: host(), Cookie: session } }),
      await send(server.port, { path: inApp(''), headers: { Host: host() } }),
      await send(server.port, { headers: { Host: host() } })
    ]
    for (const reply of replies) {
      expect(reply.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY)
      expect(reply.headers['cache-control']).toBe('no-store')
      expect(reply.headers['x-content-type-options']).toBe('nosniff')
    }
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'none'")
    expect(replies[1]?.headers['content-type']).toBe('text/javascript; charset=utf-8')
  })

  it('never serves a file outside the renderer folder', async () => {
    for (const rest of ['../secret.txt', '%2e%2e/secret.txt', 'assets/..%2f..%2fsecret.txt', '%00', '.env', '../../secret.txt']) {
      const reply = await send(server.port, { path: inApp(rest), headers: { Host: host(), Cookie: session } })
      expect(reply.status).toBe(404)
      expect(reply.body).not.toContain('outside the renderer')
    }
  })
})

describe('mevault serve: the API', () => {
  it('runs a method and returns its result', async () => {
    const created = await callApi('vault.create', { passphrase: 'correct horse battery' })
    expect(created.status).toBe(200)
    expect(JSON.parse(created.body)).toMatchObject({ ok: true, value: { did: expect.stringMatching(/^did:key:/) } })
    const set = await callApi('fields.set', { path: 'contact.email', value: 'ada@example.org', tier: 'public' })
    expect(JSON.parse(set.body)).toMatchObject({ ok: true, value: { path: 'contact.email', tier: 'public' } })
    const listed = await callApi('fields.list')
    expect(JSON.parse(listed.body).value).toHaveLength(1)
  })

  it('rejects input that does not match the shared schema with a precise message and no value echoed', async () => {
    await callApi('vault.create', { passphrase: 'correct horse battery' })
    const reply = await callApi('fields.set', { path: 'no-dot-here', value: 'secret-value-123', tier: 'top' })
    expect(reply.status).toBe(400)
    const { error } = JSON.parse(reply.body)
    expect(error.code).toBe('BAD_INPUT')
    expect(error.message).toContain('path must be RECORD.FIELD')
    expect(error.message).toContain('tier must be one of private, restricted, public')
    expect(reply.body).not.toContain('secret-value-123')
  })

  it('passes the core error codes through: locked, wrong passphrase, not found', async () => {
    await callApi('vault.create', { passphrase: 'correct horse battery' })
    await callApi('vault.lock')
    const locked = await callApi('fields.list')
    expect([locked.status, JSON.parse(locked.body).error.code]).toEqual([423, 'LOCKED'])
    const wrong = await callApi('vault.unlock', { passphrase: 'wrong horse' })
    expect([wrong.status, JSON.parse(wrong.body).error.code]).toEqual([422, 'WRONG_CREDENTIALS'])
    await callApi('vault.unlock', { passphrase: 'correct horse battery' })
    const missing = await callApi('fields.get', { path: 'contact.phone' })
    expect([missing.status, JSON.parse(missing.body).error.code]).toEqual([404, 'NOT_FOUND'])
  })

  it('hides the message of an unexpected fault, which could carry personal data', async () => {
    const leaky: MeVaultApi = {
      ...api,
      'fields.list': async () => {
        throw new TypeError('cannot read value "ada@example.org"')
      }
    }
    const other = await startServer({ api: leaky, rendererDir })
    const reply = await send(other.port, {
      method: 'POST',
      path: `${appPath(other)}api/fields.list`,
      headers: {
        Host: `127.0.0.1:${other.port}`,
        Origin: `http://127.0.0.1:${other.port}`,
        Cookie: await signIn(other),
        'Content-Type': 'application/json'
      }
    })
    await other.close()
    expect(reply.status).toBe(500)
    expect(JSON.parse(reply.body).error.code).toBe('INTERNAL')
    expect(reply.body).not.toContain('ada@example.org')
  })

  it('answers malformed calls clearly', async () => {
    const unknown = await callApi('vault.destroy')
    expect([unknown.status, JSON.parse(unknown.body).error.message]).toEqual([404, 'No API method named "vault.destroy"'])
    const proto = await callApi('__proto__')
    expect(proto.status).toBe(404)
    const badJson = await send(server.port, {
      method: 'POST',
      path: inApp('api/fields.search'),
      headers: { Host: host(), Origin: origin(), Cookie: session, 'Content-Type': 'application/json' },
      body: '{"text":'
    })
    expect([badJson.status, JSON.parse(badJson.body).error.message]).toEqual([400, 'The request body is not valid JSON'])
    const form = await callApi('vault.state', undefined, { 'Content-Type': 'application/x-www-form-urlencoded' })
    expect(form.status).toBe(415)
    const get = await send(server.port, { path: inApp('api/vault.state'), headers: { Host: host(), Cookie: session } })
    expect(get.status).toBe(405)
    const huge = await callApi('fields.search', { text: 'x'.repeat(1024 * 1024 + 10) })
    expect(huge.status).toBe(413)
  })

  it('takes a file call (a backup, an import) of more than 1 MiB, and reads it', async () => {
    // A 3 MB "backup" of random bytes: carried to the core, which says what it is not.
    const data = randomBytes(3 * 1024 * 1024).toString('base64')
    const reply = await callApi('vault.restore', { backup: { name: 'big.mvbackup', data }, passphrase: 'correct horse battery', secretKey: formatSecretKey(newSecretKey()) })
    expect(reply.status).not.toBe(413)
    expect(JSON.parse(reply.body).error.message).toMatch(/backup/i)
  })
})
