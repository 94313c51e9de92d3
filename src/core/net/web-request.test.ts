import http from 'node:http'
import https from 'node:https'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeTestCa, type TestCa } from '../../../test/helpers/test-ca.js'
import { lookupFromEnvironment, webRequest } from './web-request.js'

const HOST = 'requester.example.com'
let ca: TestCa
let server: https.Server
let impostor: https.Server
let port: number
const received: string[] = []

function listen(s: http.Server | https.Server): Promise<number> {
  return new Promise((resolve) => s.listen(0, '127.0.0.1', () => resolve((s.address() as AddressInfo).port)))
}

beforeAll(async () => {
  ca = makeTestCa([HOST])
  const handler: http.RequestListener = (req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      if (req.url === '/redirect') return void res.writeHead(302, { location: 'https://elsewhere.example/' }).end()
      if (req.url === '/big') return void res.end(Buffer.alloc(300 * 1024, 97))
      if (req.url === '/slow') return void setTimeout(() => res.end('late'), 2_000)
      if (req.url === '/missing') return void res.writeHead(404).end('no')
      received.push(Buffer.concat(chunks).toString('utf8'))
      res.end(`hello ${req.method}`)
    })
  }
  server = https.createServer({ key: ca.key, cert: ca.cert }, handler)
  impostor = https.createServer(ca.untrusted, handler)
  port = await listen(server)
  await listen(impostor)
})

afterAll(() => {
  server.close()
  impostor.close()
  ca.remove()
})

const deps = () => ({ ca: ca.caPem, lookup: lookupFromEnvironment(`${HOST}=127.0.0.1`) })

describe('webRequest: the core talking to a requester over real HTTPS', () => {
  it('gets and posts over https to a host the test CA vouches for', async () => {
    const got = await webRequest({ url: `https://${HOST}:${port}/x`, method: 'GET' }, deps())
    expect(got.ok && got.body.toString()).toBe('hello GET')
    const posted = await webRequest({ url: `https://${HOST}:${port}/in`, method: 'POST', body: 'packet text' }, deps())
    expect(posted.ok).toBe(true)
    expect(received).toContain('packet text')
  })

  it('refuses a certificate no trusted CA issued', async () => {
    const impostorPort = (impostor.address() as AddressInfo).port
    const got = await webRequest({ url: `https://${HOST}:${impostorPort}/x`, method: 'GET' }, deps())
    expect(got).toMatchObject({ ok: false, reason: 'tls' })
  })

  it('never follows a redirect, and bounds size and time', async () => {
    expect(await webRequest({ url: `https://${HOST}:${port}/redirect`, method: 'POST', body: 'p' }, deps())).toMatchObject({
      ok: false,
      reason: 'redirect',
      status: 302
    })
    expect(await webRequest({ url: `https://${HOST}:${port}/big`, method: 'GET' }, deps())).toMatchObject({ ok: false, reason: 'too-large' })
    expect(await webRequest({ url: `https://${HOST}:${port}/slow`, method: 'GET', timeoutMs: 200 }, deps())).toMatchObject({
      ok: false,
      reason: 'timeout'
    })
    expect(await webRequest({ url: `https://${HOST}:${port}/missing`, method: 'GET' }, deps())).toMatchObject({
      ok: false,
      reason: 'status',
      status: 404
    })
  })

  it('refuses plain http to another computer and user-info, without connecting', async () => {
    expect(await webRequest({ url: 'http://example.com/in', method: 'POST' })).toMatchObject({ ok: false, reason: 'not-allowed' })
    expect(await webRequest({ url: `https://${HOST}@127.0.0.1:${port}/`, method: 'GET' }, deps())).toMatchObject({
      ok: false,
      reason: 'not-allowed'
    })
  })

  it('reports a closed port as refused', async () => {
    const closed = http.createServer()
    const closedPort = await listen(closed)
    await new Promise((resolve) => closed.close(resolve))
    expect(await webRequest({ url: `http://127.0.0.1:${closedPort}/in`, method: 'POST', body: 'x' })).toMatchObject({
      ok: false,
      reason: 'refused'
    })
  })

  it('MEVAULT_RESOLVE maps names to loopback only', () => {
    expect(lookupFromEnvironment('a.example=10.0.0.1')).toBeUndefined()
    expect(lookupFromEnvironment('a.example=127.0.0.1')).toBeTypeOf('function')
  })
})
