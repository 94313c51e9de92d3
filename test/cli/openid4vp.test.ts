import { readFileSync, writeFileSync } from 'node:fs'
import https from 'node:https'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkPresentation, didKeyVerifier, makeAuthorizationRequest, personQuery } from '../helpers/openid4vp-verifier.js'
import { cliSandbox } from '../helpers/cli.js'
import { makeTestCa, type TestCa } from '../helpers/test-ca.js'

/**
 * `mevault request show|answer` with OpenID4VP requests, as real processes: a link, a file holding
 * the link, a file of JSON parameters; `--approve` by the claim names `request show` lists;
 * `--out` writes the exact form body; refusals are one line with exit code 2.
 */
const HOST = 'verifier.example.com'
let ca: TestCa
let site: https.Server
let port: number
const arrived: string[] = []
let requestObject = ''

beforeAll(async () => {
  ca = makeTestCa([HOST])
  site = https.createServer({ key: ca.key, cert: ca.cert }, (req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      if (req.method === 'GET') return void res.writeHead(200, { 'content-type': 'application/oauth-authz-req+jwt' }).end(requestObject)
      arrived.push(Buffer.concat(chunks).toString('utf8'))
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ redirect_uri: `https://${HOST}:${port}/thanks` }))
    })
  })
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve))
  port = (site.address() as AddressInfo).port
})

afterAll(() => {
  site.close()
  ca.remove()
})

const responseUri = () => `https://${HOST}:${port}/openid4vp/response`
const payload = (nonce: string, extra: Record<string, unknown> = {}) => ({
  response_type: 'vp_token',
  response_mode: 'direct_post',
  client_id: `redirect_uri:${responseUri()}`,
  response_uri: responseUri(),
  nonce,
  state: 'st-1',
  dcql_query: personQuery([['given_name'], ['address', 'locality']]),
  ...extra
})

describe('`mevault request` with OpenID4VP requests (real processes, real HTTPS)', () => {
  // Each run unlocks the vault, paying Argon2id (64 MiB): on a busy machine a run takes seconds.
  it('shows and answers a link, a file holding it, and JSON parameters; delivers or writes the exact form body', { timeout: 600_000 }, async () => {
    const cli = cliSandbox()
    const web = { NODE_EXTRA_CA_CERTS: ca.caFile, MEVAULT_RESOLVE: `${HOST}=127.0.0.1` }
    expect(cli.run(['init']).code).toBe(0)
    expect(cli.run(['set', 'identity.first_name', '--tier', 'public', '--claim', 'given_name'], {}, 'Ada\n').code).toBe(0)
    expect(cli.run(['set', 'home.city', '--tier', 'restricted', '--claim', 'address.locality'], {}, 'Berlin\n').code).toBe(0)

    const first = payload('nonce-cli-0001')
    const { link } = await makeAuthorizationRequest(first)
    const shown = await cli.runAsync(['request', 'show', link], web)
    expect(shown.code).toBe(0)
    expect(shown.stdout).toContain('OpenID4VP request from')
    expect(shown.stdout).toContain(`Client id:      redirect_uri:${responseUri()}`)
    expect(shown.stdout).toMatch(/not that what it says is true/)
    expect(shown.stdout).toMatch(/address\.locality\s+home\.city\s+restricted/)
    expect(shown.stdout).toContain('"Berlin"') // the person sees their own value before deciding
    const asJson = JSON.parse((await cli.runAsync(['request', 'show', link, '--json'], web)).stdout) as { lines: Array<{ requestedKey: string }> }
    expect(asJson.lines.map((line) => line.requestedKey)).toEqual(['given_name', 'address.locality'])

    const answered = await cli.runAsync(['request', 'answer', link, '--approve', 'given_name'], web)
    expect(answered.code).toBe(0)
    expect(answered.stderr).toContain(`Delivered the answer to ${HOST}:${port}`)
    expect(answered.stderr).toContain(`continue in your browser at https://${HOST}:${port}/thanks`)
    const form = Object.fromEntries(new URLSearchParams(arrived.at(-1)))
    const checked = await checkPresentation((JSON.parse(form.vp_token!) as Record<string, string[]>).person![0]!, {
      nonce: first.nonce,
      aud: first.client_id,
      now: Math.floor(Date.now() / 1000)
    })
    expect(checked.claims).toEqual({ given_name: 'Ada' })

    // A file holding JSON parameters, answered offline: --out holds exactly the body that would be posted.
    const jsonFile = join(cli.root, 'request.json')
    writeFileSync(jsonFile, JSON.stringify(payload('nonce-cli-0002')))
    const out = join(cli.root, 'response.txt')
    const offline = await cli.runAsync(['request', 'answer', jsonFile, '--approve', 'given_name,home.city', '--out', out], web)
    expect(offline.code).toBe(0)
    expect(arrived).toHaveLength(1)
    const body = readFileSync(out, 'utf8')
    expect(body).toMatch(/^vp_token=/)
    const saved = await checkPresentation((JSON.parse(new URLSearchParams(body).get('vp_token')!) as Record<string, string[]>).person![0]!, {
      nonce: 'nonce-cli-0002',
      aud: first.client_id,
      now: Math.floor(Date.now() / 1000)
    })
    expect(saved.claims).toEqual({ given_name: 'Ada', address: { locality: 'Berlin' } })

    // A file holding a by-reference link, signed by a did:key verifier.
    const verifier = didKeyVerifier()
    const signed = payload('nonce-cli-0003', { client_id: `decentralized_identifier:${verifier.did}` })
    const byReference = await makeAuthorizationRequest(signed, { signer: verifier.signer, requestUri: `https://${HOST}:${port}/request.jwt` })
    requestObject = byReference.requestObject!
    const linkFile = join(cli.root, 'link.txt')
    writeFileSync(linkFile, `${byReference.link}\n`)
    const viaFile = await cli.runAsync(['request', 'answer', linkFile, '--approve', 'address.locality'], web)
    expect(viaFile.code).toBe(0)
    expect(arrived).toHaveLength(2)

    const ledger = JSON.parse((await cli.runAsync(['ledger', '--json'])).stdout) as Array<{ requester: { id: string } }>
    expect(ledger.map((entry) => entry.requester.id)).toContain(`decentralized_identifier:${verifier.did}`)
    expect((await cli.runAsync(['ledger', 'who-has', 'home.city'])).stdout).toContain(`redirect_uri:${responseUri()}`)
  })

  it('refuses bad requests in one line with exit code 2, and shares nothing', { timeout: 600_000 }, async () => {
    const cli = cliSandbox()
    const web = { NODE_EXTRA_CA_CERTS: ca.caFile, MEVAULT_RESOLVE: `${HOST}=127.0.0.1` }
    expect(cli.run(['init']).code).toBe(0)
    expect(cli.run(['set', 'identity.first_name', '--tier', 'public', '--claim', 'given_name'], {}, 'Ada\n').code).toBe(0)
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ response_uri: 'https://elsewhere.example.com/response' }, /differs from the address in the redirect_uri: client_id/],
      [{ response_uri: `http://${HOST}:${port}/r`, client_id: `redirect_uri:http://${HOST}:${port}/r` }, /not an https:\/\/ address/],
      [{ client_id: 'x509_hash:abc' }, /x509_hash/],
      [{ dcql_query: { credentials: [{ id: 'pid', format: 'dc+sd-jwt', meta: { vct_values: ['urn:eudi:pid:1'] }, claims: [{ path: ['given_name'] }] }] } }, /another type/],
      [{ transaction_data: ['eyJ0eXBlIjoicGF5bWVudCJ9'] }, /transaction_data/]
    ]
    for (const [extra, message] of cases) {
      const file = join(cli.root, 'bad.json')
      writeFileSync(file, JSON.stringify(payload('nonce-bad-0001', extra)))
      const result = await cli.runAsync(['request', 'answer', file, '--approve', 'given_name'], web)
      expect(result.code, JSON.stringify(extra)).toBe(2)
      expect(result.stderr).toMatch(message)
      expect(result.stderr.trim().split('\n')).toHaveLength(1)
    }
    expect(JSON.parse((await cli.runAsync(['ledger', '--json'])).stdout)).toEqual([])
  })
})
