import { readFileSync, writeFileSync } from 'node:fs'
import https from 'node:https'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sampleRequest } from '../../src/core/requests/sample-request.js'
import { cliSandbox } from '../helpers/cli.js'
import { makeTestCa, type TestCa } from '../helpers/test-ca.js'

const HOST = 'nordbank.example.com'
let ca: TestCa
let site: https.Server
let port: number
let accepting = false
const arrived: string[] = []

beforeAll(async () => {
  ca = makeTestCa([HOST])
  site = https.createServer({ key: ca.key, cert: ca.cert }, (req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      if (!accepting) return void res.writeHead(503).end()
      arrived.push(Buffer.concat(chunks).toString('utf8'))
      res.end('{"received":true}')
    })
  })
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve))
  port = (site.address() as AddressInfo).port
})

afterAll(() => {
  site.close()
  ca.remove()
})

describe('`mevault request answer` delivers where the request asks (real processes, real HTTPS)', () => {
  it('delivers, reports a failure with exit 17 keeping the answer, and sends or saves it again from the ledger', async () => {
    const cli = cliSandbox()
    // The requester's names resolve to this machine and its CA is trusted, as a company's own PKI would be.
    const web = { NODE_EXTRA_CA_CERTS: ca.caFile, MEVAULT_RESOLVE: `${HOST}=127.0.0.1` }
    expect(cli.run(['init']).code).toBe(0)
    expect(cli.run(['set', 'contact.email', '--tier', 'public'], {}, 'zoe@example.org\n').code).toBe(0)
    const requestFile = join(cli.root, 'request.json')
    writeFileSync(requestFile, JSON.stringify(sampleRequest({ responseUri: `https://${HOST}:${port}/answers` })))

    accepting = false
    const failed = await cli.runAsync(['request', 'answer', requestFile, '--deny'], web)
    expect(failed.code).toBe(17)
    expect(failed.stderr).toContain(`Could not deliver the answer to ${HOST}:${port}: answered 503`)
    const receiptId = /mevault ledger send (rc-[0-9a-f-]+)/.exec(failed.stderr)?.[1]
    expect(receiptId).toMatch(/^rc-/)
    expect(failed.stderr.split('\n').filter(Boolean)).toHaveLength(1)

    accepting = true
    const sent = await cli.runAsync(['ledger', 'send', receiptId!], web)
    expect(sent).toMatchObject({ code: 0 })
    expect(sent.stderr).toContain(`Delivered the answer to ${HOST}:${port}`)
    expect(arrived).toHaveLength(1)
    expect((await cli.runAsync(['ledger'], web)).stdout).toContain(`answer delivered to ${HOST}:${port}`)

    const saved = join(cli.root, 'again.jws')
    expect((await cli.runAsync(['ledger', 'answer', receiptId!, '--out', saved])).code).toBe(0)
    expect(readFileSync(saved, 'utf8').trim()).toBe(arrived[0])

    // Without an address to deliver to, nothing is answered: --out is needed.
    const noAddress = join(cli.root, 'plain.json')
    writeFileSync(noAddress, JSON.stringify(sampleRequest({ id: 'req-plain' })))
    const refused = await cli.runAsync(['request', 'answer', noAddress, '--deny'], web)
    expect(refused.code).toBe(2)
    expect(refused.stderr).toContain('names no address to deliver the answer to: save it with --out FILE')
    expect((await cli.runAsync(['ledger', '--json'])).stdout.match(/"id": "rc-/g)).toHaveLength(1)
  })
})
