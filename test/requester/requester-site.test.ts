/**
 * `mevault requester serve` over real HTTPS on 127.0.0.1 (a CA made by the test), reached by
 * MeVault's own web client as nordbank.example.com: the page, the binding, the request file, and
 * answers and withdrawals POSTed to it, verified by the kit and shown.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadSodium } from '../../src/core/crypto/sodium.js'
import { signWithdrawalNotice } from '../../src/core/ledger/withdrawal-notice.js'
import type { ReceiptPayload } from '../../src/core/ledger/receipt.js'
import { testKeys } from '../../src/core/packets/test-keys.js'
import { lookupFromEnvironment, webRequest, type WebResponse } from '../../src/core/net/web-request.js'
import { parseRequest } from '../../src/core/requests/parse-request.js'
import { BIN, startCli } from '../helpers/cli-process.js'
import { freePort } from '../helpers/free-port.js'
import { makeTestCa, type TestCa } from '../helpers/test-ca.js'
import { answerAsMeVault } from './person-answer.js'

const HOST = 'nordbank.example.com'
let ca: TestCa
let site: ReturnType<typeof startCli>
let origin: string
let root: string
let dir: string
let requestText: string
const lookup = lookupFromEnvironment(`${HOST}=127.0.0.1`)


const get = (path: string): Promise<WebResponse> => webRequest({ url: `${origin}${path}`, method: 'GET', maxResponseBytes: 1024 * 1024 }, { lookup, ca: ca.caPem })
const post = (path: string, body: string): Promise<WebResponse> =>
  webRequest({ url: `${origin}${path}`, method: 'POST', body, headers: { 'content-type': 'application/json' } }, { lookup, ca: ca.caPem })

beforeAll(async () => {
  await loadSodium()
  ca = makeTestCa([HOST])
  const port = await freePort()
  origin = `https://${HOST}:${port}`
  // One folder for the whole file (the helpers' temp dirs go after each test; the site outlives them).
  root = mkdtempSync(join(tmpdir(), 'mevault-requester-site-'))
  const run = (args: string[]) => spawnSync(process.execPath, [BIN, ...args], { cwd: root, encoding: 'utf8' }).status
  dir = join(root, 'nordbank')
  expect(run(['requester', 'init', '--name', 'Nordbank <Savings>', '--url', origin, '--out', dir])).toBe(0)
  const requestFile = join(root, 'kyc.jws')
  const made = run([
    'requester', 'request', '--dir', dir, '--claims', 'given_name,family_name', '--purpose', 'Open a savings account',
    '--retention', 'P30D', '--response-uri', `${origin}/answers`, '--withdrawal-uri', `${origin}/withdrawals`, '--out', requestFile
  ])
  expect(made).toBe(0)
  requestText = readFileSync(requestFile, 'utf8')
  await startSite()
})

async function startSite(): Promise<void> {
  site = startCli(['requester', 'serve', '--dir', dir, '--cert', join(ca.dir, 'server.pem'), '--key', join(ca.dir, 'server.key')], process.env, root)
  await site.waitFor(/Requester site at https:\/\/127\.0\.0\.1:\d+/)
}

afterAll(async () => {
  await site?.stop()
  ca?.remove()
  if (root) rmSync(root, { recursive: true, force: true })
})

describe('the requester site over https', () => {
  it('serves the page with the request link and its QR code, under a strict CSP', async () => {
    const page = await get('/')
    if (!page.ok) throw new Error(page.detail)
    expect(page.headers['content-security-policy']).toMatch(/^default-src 'none'; style-src 'self'/)
    const body = page.body.toString()
    const sha = (await parseRequest(requestText, { now: new Date() })).sha256
    const link = `mevault://request?request_uri=${encodeURIComponent(`${origin}/requests/${sha}.jws`)}`
    expect(body).toContain(`href="${link}"`)
    expect(body).toMatch(/<svg class="qr" role="img" aria-label="QR code of the request link/)
    expect(body).not.toContain('<script')
    expect(body).toContain('<h1>Nordbank &#60;Savings&#62;</h1>')
  })

  it('publishes the did:web binding and the signed request file as issued', async () => {
    const did = await get('/.well-known/did.json')
    if (!did.ok) throw new Error(did.detail)
    const document = JSON.parse(did.body.toString()) as { id: string; assertionMethod: string[] }
    expect(document.id).toBe(`did:web:${HOST}%3A${new URL(origin).port}`)
    expect(did.headers['cache-control']).toBe('max-age=300')
    const sha = (await parseRequest(requestText, { now: new Date() })).sha256
    const file = await get(`/requests/${sha}.jws`)
    expect(file.ok && file.body.toString()).toBe(requestText)
    expect((await get('/requests/nothing.jws')).status).toBe(404)
  })

  it('receives a sealed answer at the responseUri, verifies it and shows its claims, escaped', async () => {
    const { answer } = await answerAsMeVault(requestText, { given_name: '<b>Augusta</b>', family_name: 'Lovelace' }, { now: new Date() })
    const response = await post('/answers', answer)
    if (!response.ok) throw new Error(response.detail)
    expect(JSON.parse(response.body.toString())).toMatchObject({ status: 'accepted', claims: ['given_name', 'family_name'], missingRequired: [] })

    const again = await post('/answers', answer)
    expect(again.status).toBe(409)

    const page = await get('/answers')
    const body = page.ok ? page.body.toString() : ''
    expect(body).toContain('<dd data-claim="given_name">&#60;b&#62;Augusta&#60;/b&#62;</dd>')
    expect(body).toContain('<dd data-claim="family_name">Lovelace</dd>')
    expect(body).not.toContain('<b>Augusta')

    // Kept only sealed: nothing of the person's in the folder's files, nor in the site's log
    // (names long enough that random base64 never spells them).
    const stored = readdirSync(join(dir, 'answers'))
    expect(stored).toHaveLength(1)
    for (const name of stored) expect(readFileSync(join(dir, 'answers', name), 'utf8')).not.toMatch(/Augusta|Lovelace/)
    expect(site.stderr).toMatch(/answer accepted for request urn:uuid:[0-9a-f-]+: 2 claims, sealed/)
    expect(site.stderr + site.stdout).not.toMatch(/Augusta|Lovelace/)
  })

  it('refuses a tampered answer, an answer to no request of its own, and an oversized body, with the reason', async () => {
    const { answer } = await answerAsMeVault(requestText, { given_name: 'Grace' }, { now: new Date() })
    const envelope = JSON.parse(answer) as { ciphertext: string }
    const c = envelope.ciphertext
    const tampered = await post('/answers', JSON.stringify({ ...envelope, ciphertext: c.slice(0, 40) + (c[40] === 'x' ? 'y' : 'x') + c.slice(41) }))
    expect(tampered.status).toBe(422)

    // The same check through the site's own words: what MeVault's delivery shows the person.
    const raw = await fetchRaw('/answers', JSON.stringify({ ...envelope, ciphertext: c.slice(0, 40) + (c[40] === 'x' ? 'y' : 'x') + c.slice(41) }))
    expect(raw).toEqual({ status: 422, body: { status: 'refused', check: 'envelope', reason: 'the sealed answer does not open: it was altered or is not meant for this requester' } })
    // Sealed to this requester, for a request it never made (nor published).
    const { loadKitFolder, makeRequest, signRequest } = await import('../../src/requester/index.js')
    const folder = await loadKitFolder(dir)
    const unknown = await signRequest(await makeRequest({ requester: folder.profile, claims: ['email'], purpose: 'x', retention: 'P1D' }), folder.profile.keys)
    const stray = await answerAsMeVault(unknown.text, { email: 'grace@example.org' }, { now: new Date() })
    expect(await fetchRaw('/answers', stray.answer)).toEqual({ status: 404, body: { status: 'refused', check: 'request', reason: 'it answers no request this requester made' } })

    const big = await fetchRaw('/answers', 'x'.repeat(3 * 1024 * 1024))
    expect(big.status).toBe(413)
    expect(site.stderr).not.toMatch(/Grace|grace@/)
  })

  it('takes a withdrawal of consent and erases the answer it names', async () => {
    const { answer, sha256 } = await answerAsMeVault(requestText, { given_name: 'Mary', family_name: 'Somerville' }, { now: new Date() })
    expect((await post('/answers', answer)).ok).toBe(true)
    const parsed = await parseRequest(requestText, { now: new Date() })
    const { person } = await testKeys()
    const receipt = {
      id: 'rc-2026-06-0123456789abcdef',
      requester: { id: parsed.request.requester.id },
      request: { id: parsed.request.id, sha256: parsed.sha256, nonce: parsed.request.nonce },
      packet: { sha256 },
      disclosed: ['identity.given_name', 'identity.family_name']
    } as unknown as ReceiptPayload // only what a notice names; the rest of a receipt stays in the person's ledger
    const notice = signWithdrawalNotice(receipt, person, new Date())
    const response = await post('/withdrawals', notice)
    if (!response.ok) throw new Error(response.detail)
    expect(JSON.parse(response.body.toString())).toEqual({ status: 'withdrawn', request: parsed.request.id, erased: true })
    const page = await get('/answers')
    expect(page.ok && page.body.toString()).not.toContain('Somerville')
    expect(page.ok && page.body.toString()).toContain('Consent withdrawn')
    expect(readdirSync(join(dir, 'answers'))).toHaveLength(1) // the first answer's, not this one's
  })

  it('shows the answers only under its own name (a rebound DNS name gets nothing), and again after a restart', async () => {
    const rebound = await fetchRaw('/answers', undefined, { host: `evil.example:${new URL(origin).port}` })
    expect(rebound.status).toBe(403)
    expect(JSON.stringify(rebound.body)).not.toContain('Lovelace')

    await site.stop()
    await startSite()
    const page = await get('/answers')
    const body = page.ok ? page.body.toString() : ''
    expect(body).toContain('<dd data-claim="family_name">Lovelace</dd>') // opened again from the sealed file
    expect(body).not.toContain('Somerville') // withdrawn: erased for good
  })
})

/** A request whose refusal body we want to read (MeVault's client reports a 4xx as a failure value). */
async function fetchRaw(path: string, body?: string, headers: Record<string, string> = {}): Promise<{ status: number; body: unknown }> {
  const { request } = await import('node:https')
  return new Promise((resolve, reject) => {
    const req = request(`${origin}${path}`, { method: body === undefined ? 'GET' : 'POST', headers, servername: HOST, ca: ca.caPem, lookup, agent: false }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString()
        const json = (res.headers['content-type'] ?? '').startsWith('application/json')
        resolve({ status: res.statusCode ?? 0, body: json ? JSON.parse(text) : text })
      })
    })
    req.on('error', reject)
    req.end(body)
  })
}
