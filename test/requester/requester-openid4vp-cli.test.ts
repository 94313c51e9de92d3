/**
 * The kit's OpenID4VP verifier side as a company runs it, in real processes: `requester
 * openid4vp-request` and `openid4vp-verify`, and `requester serve` over real HTTPS on 127.0.0.1 (a
 * CA the test makes), reached as nordbank.example.com by MeVault's own wallet code, which reads
 * the page's openid4vp:// link, answers with an SD-JWT VC and posts it (direct_post and
 * direct_post.jwt) to the site, which verifies it and answers with a redirect_uri.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { newSigningKeyPair, didOf, type SigningKeyPair } from '../../src/core/crypto/identity.js'
import { loadSodium } from '../../src/core/crypto/sodium.js'
import { lookupFromEnvironment, webRequest, type WebResponse } from '../../src/core/net/web-request.js'
import { BIN, startCli } from '../helpers/cli-process.js'
import { freePort } from '../helpers/free-port.js'
import { makeTestCa, type TestCa } from '../helpers/test-ca.js'
import { answerAsMeVaultWallet, personField } from './openid4vp-person.js'

const HOST = 'nordbank.example.com'
let ca: TestCa
let site: ReturnType<typeof startCli>
let origin: string
let root: string
let dir: string
let person: SigningKeyPair
const lookup = lookupFromEnvironment(`${HOST}=127.0.0.1`)
const web = () => ({ lookup, ca: ca.caPem })
const FORM = 'application/x-www-form-urlencoded'

const run = (args: string[]) => {
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd: root, encoding: 'utf8' })
  return { code: result.status, stdout: result.stdout, stderr: result.stderr }
}
const get = (path: string): Promise<WebResponse> => webRequest({ url: `${origin}${path}`, method: 'GET', maxResponseBytes: 1024 * 1024 }, web())
const post = (path: string, body: string, type = FORM): Promise<WebResponse> =>
  webRequest({ url: `${origin}${path}`, method: 'POST', body, headers: { 'content-type': type } }, web())
const json = (response: WebResponse): Record<string, unknown> => (response.ok ? (JSON.parse(response.body.toString()) as Record<string, unknown>) : {})

beforeAll(async () => {
  await loadSodium()
  person = newSigningKeyPair()
  ca = makeTestCa([HOST])
  const port = await freePort()
  origin = `https://${HOST}:${port}`
  root = mkdtempSync(join(tmpdir(), 'mevault-requester-openid4vp-'))
  dir = join(root, 'nordbank')
  expect(run(['requester', 'init', '--name', 'Nordbank <Savings>', '--url', origin, '--out', dir]).code).toBe(0)
  const made = run([
    'requester', 'request', '--dir', dir, '--claims', 'given_name,address.locality', '--optional', 'email', '--purpose', 'Open a savings account',
    '--retention', 'P30D', '--response-uri', `${origin}/answers`, '--out', join(root, 'kyc.jws')
  ])
  expect(made.code).toBe(0)
  site = startCli(['requester', 'serve', '--dir', dir, '--cert', join(ca.dir, 'server.pem'), '--key', join(ca.dir, 'server.key')], process.env, root)
  await site.waitFor(/Requester site at https:\/\/127\.0\.0\.1:\d+/)
})

afterAll(async () => {
  await site?.stop()
  ca?.remove()
  if (root) rmSync(root, { recursive: true, force: true })
})

describe('requester serve: the OpenID4VP flow over https', () => {
  it('shows an openid4vp:// link and its QR code next to the MeVault link; MeVault answers it and is sent to a thank-you page', async () => {
    const page = await get('/')
    const body = page.ok ? page.body.toString() : ''
    const link = /<a class="link openid4vp" href="([^"]+)"/.exec(body)?.[1]?.replace(/&#38;/g, '&')
    expect(link).toMatch(/^openid4vp:\/\/\?client_id=decentralized_identifier%3Adid%3Aweb%3Anordbank\.example\.com%253A\d+&request_uri=https%3A%2F%2F/)
    expect(body).toMatch(/<svg class="qr" role="img" aria-label="QR code of the OpenID4VP link for urn:uuid:/)

    // The person's MeVault follows the link: fetches the request object, checks did:web, answers.
    const { request, answer } = await answerAsMeVaultWallet(link ?? '', ['given_name', 'address.locality', 'email'], { person, web: web() })
    expect(request.verifier).toEqual({ kind: 'verified-domain', domain: new URL(origin).host, method: 'did:web' })
    expect(request.delivery.requestUri).toMatch(/\/openid4vp\/request\.jwt\?for=[0-9a-f]{64}$/)
    expect(request.responseUri).toBe(`${origin}/openid4vp/response`)
    const response = await post('/openid4vp/response', answer.body)
    if (!response.ok) throw new Error(response.detail)
    const redirect = String(json(response).redirect_uri)
    expect(redirect).toMatch(new RegExp(`^${origin.replace(/\./g, '\\.')}/openid4vp/done\\?response_code=[A-Za-z0-9_-]{22}$`))
    const done = await get(new URL(redirect).pathname + new URL(redirect).search)
    expect(done.ok && done.body.toString()).toContain('Thank you: your answer arrived and was verified')

    // A nonce is used once: the same answer again is refused.
    const again = await fetchRaw('/openid4vp/response', answer.body)
    expect(again.status).toBe(400)
    expect(again.body).toMatchObject({ error: 'invalid_request', check: 'state' })

    const answers = await get('/answers')
    const shown = answers.ok ? answers.body.toString() : ''
    expect(shown).toContain('<dd data-claim="given_name">Ada</dd>')
    expect(shown).toContain('<dd data-claim="address.locality">Berlin</dd>')
    expect(shown).toContain(didOf(person))
    expect(shown).toContain('Self-asserted: the person issued this credential with their own key.')
    expect(site.stderr).toMatch(/OpenID4VP answer accepted: 3 claims, self-asserted by did:key:z6Mk/)
    expect(site.stderr + site.stdout).not.toMatch(/Lovelace|Berlin|ada@example/)
    // Nothing of the person's on disk: answered states are forgotten, and answers are kept in memory only.
    for (const name of readdirSync(join(dir, 'openid4vp', 'pending'))) {
      expect(readFileSync(join(dir, 'openid4vp', 'pending', name), 'utf8')).not.toMatch(/Berlin|Ada/)
    }
  })

  it('shows what arrived escaped: a value is text, never markup', async () => {
    const made = JSON.parse(run(['requester', 'openid4vp-request', '--dir', dir, '--claims', 'given_name', '--out', join(root, 'vp-e.jwt'), '--json']).stdout) as { link: string }
    const fields = [personField('identity.first_name', '<img src=x onerror=alert(1)>Grace', 'given_name')]
    const { answer } = await answerAsMeVaultWallet(made.link, ['given_name'], { person, web: web(), fields })
    expect((await post('/openid4vp/response', answer.body)).ok).toBe(true)
    const page = await get('/answers')
    const body = page.ok ? page.body.toString() : ''
    expect(body).toContain('<dd data-claim="given_name">&#60;img src=x onerror=alert(1)&#62;Grace</dd>')
    expect(body).not.toContain('<img')
  })

  it('serves a request made with `requester openid4vp-request` (direct_post.jwt) and takes its encrypted answer', async () => {
    const out = join(root, 'vp-encrypted.jwt')
    const made = run(['requester', 'openid4vp-request', '--dir', dir, '--claims', 'given_name', '--response-mode', 'direct_post.jwt', '--out', out, '--json'])
    expect(made.stderr).toBe('')
    expect(made.code).toBe(0)
    const printed = JSON.parse(made.stdout) as { link: string; state: string; stateFile: string }
    expect(printed.link).toBe(
      `openid4vp://?client_id=${encodeURIComponent(`decentralized_identifier:did:web:${HOST}%3A${new URL(origin).port}`)}&request_uri=${encodeURIComponent(`${origin}/openid4vp/request.jwt?state=${printed.state}`)}`
    )
    const served = await get(`/openid4vp/request.jwt?state=${printed.state}`)
    expect(served.ok && served.headers['content-type']).toBe('application/oauth-authz-req+jwt')
    expect(served.ok && served.body.toString()).toBe(readFileSync(out, 'utf8'))

    const { answer } = await answerAsMeVaultWallet(printed.link, ['given_name'], { person, web: web() })
    expect(answer.body.startsWith('response=')).toBe(true)
    const response = await post('/openid4vp/response', answer.body)
    if (!response.ok) throw new Error(response.detail)
    expect(json(response).redirect_uri).toMatch(/\/openid4vp\/done\?response_code=/)
  })

  it('refuses a tampered answer naming the check, another content type, and an oversized body', async () => {
    const made = JSON.parse(run(['requester', 'openid4vp-request', '--dir', dir, '--claims', 'given_name', '--out', join(root, 'vp-t.jwt'), '--json']).stdout) as { link: string }
    const { answer } = await answerAsMeVaultWallet(made.link, ['given_name'], { person, web: web() })
    const form = new URLSearchParams(answer.body)
    const token = JSON.parse(form.get('vp_token') ?? '{}') as { person: string[] }
    const parts = (token.person[0] ?? '').split('~')
    parts[1] = Buffer.from(JSON.stringify(['AAAAAAAAAAAAAAAAAAAAAA', 'given_name', 'Mallory'])).toString('base64url')
    form.set('vp_token', JSON.stringify({ person: [parts.join('~')] }))
    const tampered = await fetchRaw('/openid4vp/response', form.toString())
    expect(tampered).toEqual({
      status: 400,
      body: { error: 'invalid_request', check: 'disclosures', error_description: 'disclosures: 1 disclosure is referenced by no digest of the signed credential (changed or added)' }
    })
    expect((await fetchRaw('/openid4vp/response', answer.body, 'application/json')).status).toBe(415)
    expect((await fetchRaw('/openid4vp/response', `vp_token=${'x'.repeat(300 * 1024)}`)).status).toBe(413)
    // The untampered answer still goes through: a refused one does not use up the request.
    expect((await fetchRaw('/openid4vp/response', answer.body)).status).toBe(200)
    expect(site.stderr).toMatch(/OpenID4VP answer refused \(disclosures\)/)
    expect(site.stderr).not.toContain('Mallory')
  })
})

describe('mevault requester openid4vp-verify', () => {
  it('verifies a saved answer (exit 0), refuses a misdirected one (exit 4) and one to no request of its own (exit 5)', async () => {
    const made = JSON.parse(run(['requester', 'openid4vp-request', '--dir', dir, '--claims', 'given_name,address.locality', '--out', join(root, 'vp-v.jwt'), '--json']).stdout) as { link: string; byValueLink: string }
    const { answer } = await answerAsMeVaultWallet(made.byValueLink, ['given_name', 'address.locality'], { person, web: web() })
    writeFileSync(join(root, 'answer.form'), answer.body)
    const ok = run(['requester', 'openid4vp-verify', join(root, 'answer.form'), '--dir', dir])
    expect(ok.code).toBe(0)
    expect(ok.stdout).toBe(`Valid OpenID4VP answer from ${didOf(person)}\ngiven_name: Ada\naddress.locality: Berlin\n`)
    expect(ok.stderr).toContain('Self-asserted: the person issued this credential with their own key.')

    // The same credential presented to another request of this requester: its nonce and state are not this one's.
    const other = JSON.parse(run(['requester', 'openid4vp-request', '--dir', dir, '--claims', 'given_name', '--out', join(root, 'vp-o.jwt'), '--json']).stdout) as { state: string }
    const replayed = new URLSearchParams(answer.body)
    replayed.set('state', other.state)
    writeFileSync(join(root, 'replayed.form'), replayed.toString())
    const refused = run(['requester', 'openid4vp-verify', join(root, 'replayed.form'), '--dir', dir])
    expect([refused.code, refused.stdout]).toEqual([4, ''])
    expect(refused.stderr).toBe('mevault: Answer refused: nonce: the key binding JWT carries another nonce than this request’s: an answer to another request, or replayed\n')

    replayed.set('state', 'A'.repeat(43))
    writeFileSync(join(root, 'stray.form'), replayed.toString())
    const stray = run(['requester', 'openid4vp-verify', join(root, 'stray.form'), '--dir', dir])
    expect(stray.code).toBe(5)
    expect(stray.stderr).toMatch(/^mevault: No OpenID4VP request of this requester has this state/)
  })

  it('--unsigned writes a redirect_uri: link MeVault reads as an unverified host', async () => {
    const out = join(root, 'vp-unsigned.txt')
    const made = run(['requester', 'openid4vp-request', '--dir', dir, '--claims', 'given_name', '--unsigned', '--out', out])
    expect(made.code).toBe(0)
    const link = readFileSync(out, 'utf8').trim()
    expect(made.stdout).toContain(`${link}\n`)
    const { request, answer } = await answerAsMeVaultWallet(link, ['given_name'], { person, web: web() })
    expect(request.verifier).toEqual({ kind: 'unverified-host', host: new URL(origin).host })
    writeFileSync(join(root, 'unsigned.form'), answer.body)
    expect(run(['requester', 'openid4vp-verify', join(root, 'unsigned.form'), '--dir', dir]).code).toBe(0)
  })

  it('refuses bad input in one line: an unknown claim, a response mode, an existing file', () => {
    const bad = run(['requester', 'openid4vp-request', '--dir', dir, '--claims', 'shoe_size', '--out', join(root, 'x.jwt')])
    expect([bad.code, bad.stderr]).toEqual([2, 'mevault: "shoe_size" is not a claim MeVault knows (see `mevault claims`)\n'])
    const mode = run(['requester', 'openid4vp-request', '--dir', dir, '--claims', 'given_name', '--response-mode', 'fragment', '--out', join(root, 'x.jwt')])
    expect([mode.code, mode.stderr]).toEqual([2, 'mevault: --response-mode must be direct_post or direct_post.jwt\n'])
    writeFileSync(join(root, 'exists.jwt'), 'keep')
    const exists = run(['requester', 'openid4vp-request', '--dir', dir, '--claims', 'given_name', '--out', join(root, 'exists.jwt')])
    expect(exists.code).toBe(2)
    expect(readFileSync(join(root, 'exists.jwt'), 'utf8')).toBe('keep')
  })
})

/** A POST whose refusal body we want to read (MeVault's client reports a 4xx as a failure value). */
async function fetchRaw(path: string, body: string, type = FORM): Promise<{ status: number; body: unknown }> {
  const { request } = await import('node:https')
  return new Promise((resolve, reject) => {
    const req = request(`${origin}${path}`, { method: 'POST', headers: { 'content-type': type }, servername: HOST, ca: ca.caPem, lookup, agent: false }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString()
        const isJson = (res.headers['content-type'] ?? '').startsWith('application/json')
        resolve({ status: res.statusCode ?? 0, body: isJson ? JSON.parse(text) : text })
      })
    })
    req.on('error', reject)
    req.end(body)
  })
}
