import https from 'node:https'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { verifyWithdrawalNotice } from '../../src/core/ledger/index.js'
import { lookupFromEnvironment } from '../../src/core/net/web-request.js'
import { verifyPacket } from '../../src/core/packets/verify-packet.js'
import { sampleRequest } from '../../src/core/requests/sample-request.js'
import { createVaultService } from '../../src/core/service/index.js'
import { makeTestCa, type TestCa } from '../helpers/test-ca.js'
import { tempDir } from '../helpers/temp-dir.js'

const HOST = 'nordbank.example.com'

/** The requester's side: a real HTTPS server that takes answers and notices, or misbehaves when told. */
let ca: TestCa
let site: https.Server
let port: number
let mode: 'accept' | 'redirect' | 'error' | 'silent' = 'accept'
const arrived: Array<{ path: string; type: string; body: string }> = []
let servedRequest = ''

beforeAll(async () => {
  ca = makeTestCa([HOST])
  site = https.createServer({ key: ca.key, cert: ca.cert }, (req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      if (req.method === 'GET' && req.url === '/request.json') return void res.writeHead(200, { 'content-type': 'application/json' }).end(servedRequest)
      if (mode === 'redirect') return void res.writeHead(307, { location: 'https://elsewhere.example/answers' }).end()
      if (mode === 'error') return void res.writeHead(503).end('down for maintenance')
      if (mode === 'silent') return // takes the answer and never replies
      arrived.push({ path: req.url ?? '', type: req.headers['content-type'] ?? '', body: Buffer.concat(chunks).toString('utf8') })
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"received":true}')
    })
  })
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve))
  port = (site.address() as AddressInfo).port
})

afterAll(() => {
  site.close()
  ca.remove()
})

beforeEach(() => {
  mode = 'accept'
  arrived.length = 0
})

async function vaultApi(timeoutMs?: number) {
  const root = tempDir('mevault-delivery')
  const api = createVaultService(
    { vaultDir: join(root, 'vault'), keyFileFor: (id) => join(root, 'keys', `${id}.json`) },
    { web: { ca: ca.caPem, lookup: lookupFromEnvironment(`${HOST}=127.0.0.1`), ...(timeoutMs ? { timeoutMs } : {}) } }
  )
  await api['vault.create']({ passphrase: 'correct horse battery' })
  await api['fields.set']({ path: 'contact.email', value: 'zoe@example.org', tier: 'public', type: 'email' })
  await api['fields.set']({ path: 'identity.full_name', value: 'Zoë Quinn', tier: 'restricted' })
  return api
}

const requestTo = (responseUri: string, withdrawalUri?: string) =>
  JSON.stringify(sampleRequest({ responseUri, ...(withdrawalUri ? { withdrawalUri } : {}) }))

describe('delivering answers to the address a request names (real HTTPS, a CA the test made)', () => {
  it('posts the signed answer after consent, records it, and can give and send it again', async () => {
    const api = await vaultApi()
    const text = requestTo(`https://${HOST}:${port}/answers`)
    const answer = await api['requests.answer']({ text, approve: ['contact.email'] })
    expect(answer.delivery).toMatchObject({ kind: 'answer', outcome: 'delivered', status: 200, shownAs: `${HOST}:${port}` })
    expect(arrived).toEqual([{ path: '/answers', type: 'application/jwt', body: answer.packet }])
    const checked = await verifyPacket(arrived[0]!.body, { request: text })
    expect(checked.valid).toBe(true)
    expect(checked.payload?.claims).toEqual({ 'contact.email': 'zoe@example.org' })

    const [entry] = await api['ledger.list']()
    expect(entry?.delivery?.answer).toMatchObject({ to: `https://${HOST}:${port}/answers`, tries: 1, last: { outcome: 'delivered' } })
    expect((await api['ledger.answer']({ receiptId: entry!.id })).packet).toBe(answer.packet)
    await api['vault.lock']()
    await api['vault.unlock']({ passphrase: 'correct horse battery' })
    // Kept in the vault: given again after a lock, byte for byte.
    expect(await api['ledger.deliver']({ receiptId: entry!.id, kind: 'answer' })).toMatchObject({ outcome: 'delivered' })
    expect(arrived.map((a) => a.body)).toEqual([answer.packet, answer.packet])
    expect((await api['ledger.list']())[0]?.delivery?.answer?.tries).toBe(2)
  })

  it('a redirect, an error answer or nothing listening leaves the answer in the ledger, ready to send again', async () => {
    const api = await vaultApi()
    mode = 'redirect'
    const answer = await api['requests.answer']({ text: requestTo(`https://${HOST}:${port}/answers`), approve: ['contact.email'] })
    expect(answer.delivery).toMatchObject({ outcome: 'failed', reason: 'redirect', status: 307 })
    expect(answer.packet).toMatch(/^ey/) // still given to the person, to save
    mode = 'error'
    const receiptId = answer.receipt.id
    expect(await api['ledger.deliver']({ receiptId, kind: 'answer' })).toMatchObject({ outcome: 'failed', reason: 'status', status: 503 })
    expect(arrived).toEqual([])
    mode = 'accept'
    expect(await api['ledger.deliver']({ receiptId, kind: 'answer' })).toMatchObject({ outcome: 'delivered' })
    expect(arrived.map((a) => a.body)).toEqual([answer.packet])
    const state = (await api['ledger.list']())[0]?.delivery?.answer
    expect(state).toMatchObject({ tries: 3, last: { outcome: 'delivered' } })

    const closed = https.createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
    const closedPort = (closed.address() as AddressInfo).port
    await new Promise((resolve) => closed.close(resolve))
    const refused = await api['requests.answer']({
      text: JSON.stringify(sampleRequest({ id: 'req-2', responseUri: `http://127.0.0.1:${closedPort}/answers` })),
      approve: ['contact.email']
    })
    expect(refused.delivery).toMatchObject({ outcome: 'failed', reason: 'refused', shownAs: `this computer (port ${closedPort})` })
    expect((await api['ledger.answer']({ receiptId: refused.receipt.id })).packet).toBe(refused.packet)
  })

  it('a requester that never replies is given up on in time; the answer waits in the ledger', async () => {
    const api = await vaultApi(500)
    mode = 'silent'
    const answer = await api['requests.answer']({ text: requestTo(`https://${HOST}:${port}/answers`), approve: ['contact.email'] })
    expect(answer.delivery).toMatchObject({ outcome: 'failed', reason: 'timeout' })
    expect((await api['ledger.list']())[0]?.delivery?.answer).toMatchObject({ tries: 1, last: { reason: 'timeout' } })
    mode = 'accept'
    expect(await api['ledger.deliver']({ receiptId: answer.receipt.id, kind: 'answer' })).toMatchObject({ outcome: 'delivered' })
  })

  it('a withdrawal notice goes to the withdrawal address when consent is withdrawn', async () => {
    const api = await vaultApi()
    const answer = await api['requests.answer']({
      text: requestTo(`https://${HOST}:${port}/answers`, `https://${HOST}:${port}/withdrawals`),
      approve: ['contact.email'],
      deliver: false
    })
    expect(answer.delivery).toBeUndefined()
    expect(arrived).toEqual([])
    expect((await api['ledger.list']())[0]?.delivery).toMatchObject({ answer: { tries: 0 }, withdrawal: { tries: 0 } })
    const withdrawn = await api['ledger.withdraw']({ receiptId: answer.receipt.id })
    expect(withdrawn.delivery).toMatchObject({ kind: 'withdrawal', outcome: 'delivered' })
    expect(arrived.map((a) => a.path)).toEqual(['/withdrawals'])
    expect(await verifyWithdrawalNotice(arrived[0]!.body)).toMatchObject({ receipt: answer.receipt.id })
    // Asked again, the notice is given but not sent again on its own; ledger.deliver sends it.
    expect((await api['ledger.withdraw']({ receiptId: answer.receipt.id })).delivery).toBeUndefined()
    expect(await api['ledger.deliver']({ receiptId: answer.receipt.id, kind: 'withdrawal' })).toMatchObject({ outcome: 'delivered' })
    expect(arrived).toHaveLength(2)
  })

  it('a request with an address MeVault will not post to is refused when opened, naming the problem', async () => {
    const api = await vaultApi()
    for (const [uri, problem] of [
      ['http://bank.example.com/answers', /responseUri: must be an https:\/\/ address/],
      [`https://www.bank.example.com@evil.example/answers`, /responseUri: must not carry a user name/],
      ['https://bank.example.com/answers#x', /responseUri: must not carry a #fragment/]
    ] as const) {
      await expect(api['requests.preview']({ text: requestTo(uri) })).rejects.toThrow(problem)
    }
  })

  it('opens a request by its link (mevault://request?request_uri=…), answering exactly the bytes served', async () => {
    const api = await vaultApi()
    servedRequest = `${requestTo(`https://${HOST}:${port}/answers`)}\n`
    const link = `mevault://request?request_uri=${encodeURIComponent(`https://${HOST}:${port}/request.json`)}`
    const fetched = await api['requests.fetch']({ link })
    expect(fetched).toEqual({ text: servedRequest, from: `https://${HOST}:${port}/request.json` })
    expect((await api['requests.fetch']({ link: `https://${HOST}:${port}/request.json` })).text).toBe(servedRequest)
    const answer = await api['requests.answer']({ text: fetched.text, approve: ['contact.email'] })
    expect((await verifyPacket(arrived[0]!.body, { request: servedRequest })).valid).toBe(true)
    expect(answer.delivery?.outcome).toBe('delivered')
    for (const [bad, problem] of [
      ['not a link', /not a request link/],
      ['mevault://request?x=1', /no request_uri/],
      ['http://bank.example.com/request.json', /must point to an https:\/\/ address/],
      [`https://${HOST}@127.0.0.1:${port}/request.json`, /user name or password/]
    ] as const) {
      await expect(api['requests.fetch']({ link: bad })).rejects.toThrow(problem)
    }
  })

  it('a request that names no address is answered as before, with nothing to deliver', async () => {
    const api = await vaultApi()
    const answer = await api['requests.answer']({ text: JSON.stringify(sampleRequest()), approve: ['contact.email'] })
    expect(answer.delivery).toBeUndefined()
    expect((await api['ledger.list']())[0]?.delivery).toBeUndefined()
    await expect(api['ledger.deliver']({ receiptId: answer.receipt.id, kind: 'answer' })).rejects.toThrow(/named no address/)
  })
})
