import https from 'node:https'
import type { AddressInfo } from 'node:net'
import { sampleRequest } from '../src/core/requests/sample-request.js'
import { makeTestCa } from '../test/helpers/test-ca.js'
import { expect, keepScreenshot, test } from './support/fixtures.js'
import { startMeVaultServe } from './support/serve.js'
import { addField, confirmRecoveryKitSaved, createVault, openSection } from './support/vault-flow.js'

const PASSPHRASE = 'correct horse battery staple'
const HOST = 'nordbank.example.com'

test('through mevault serve: a request opened by its link is answered and delivered; a failed delivery is sent again from the screen and the ledger', async ({
  page
}, testInfo) => {
  // The requester: a real HTTPS site with a certificate from a CA this test made.
  const ca = makeTestCa([HOST])
  let up = true
  const arrived: string[] = []
  let requestText = ''
  const site = https.createServer({ key: ca.key, cert: ca.cert }, (req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      if (req.method === 'GET') return void res.writeHead(200, { 'content-type': 'application/json' }).end(requestText)
      if (!up) return void res.writeHead(503).end()
      arrived.push(Buffer.concat(chunks).toString('utf8'))
      res.end('{"received":true}')
    })
  })
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve))
  const port = (site.address() as AddressInfo).port
  requestText = JSON.stringify(sampleRequest({ responseUri: `https://${HOST}:${port}/answers` }), null, 2)
  const serve = await startMeVaultServe({ NODE_EXTRA_CA_CERTS: ca.caFile, MEVAULT_RESOLVE: `${HOST}=127.0.0.1` })
  try {
    await page.goto(serve.url)
    await createVault(page, PASSPHRASE)
    await confirmRecoveryKitSaved(page)
    await addField(page, { record: 'contact', name: 'email', value: 'zoe@example.org', type: 'email', tier: 'public' })

    await openSection(page, 'Requests')
    const linkBox = page.getByLabel('Or paste a request link')
    await linkBox.fill('mevault://request?request_uri=https://127.0.0.1:1/request.json')
    await page.getByRole('button', { name: 'Open', exact: true }).click()
    await expect(page.getByRole('alert')).toContainText('Could not fetch the request from 127.0.0.1:1')

    await linkBox.fill(`mevault://request?request_uri=${encodeURIComponent(`https://${HOST}:${port}/request.json`)}`)
    await page.getByRole('button', { name: 'Open', exact: true }).click()
    await expect(page.getByRole('heading', { name: /Example Bank asks for 3 fields/ })).toBeVisible()
    await expect(page.getByText(`Your answer will be sent to ${HOST}:${port}.`)).toBeVisible()

    // The site is down when the person answers: the answer is kept, and sent on "Try again".
    up = false
    await page.getByRole('checkbox', { name: /contact\.email/ }).check()
    await page.getByRole('button', { name: 'Share 1 field' }).click()
    const failed = page.locator('.delivery.failed')
    await expect(failed).toContainText(`could not be delivered to ${HOST}:${port}: answered 503`)
    await keepScreenshot(page, testInfo, 'delivery-failed')
    up = true
    await failed.getByRole('button', { name: 'Try again' }).click()
    await expect(page.getByText(`Your answer was delivered to Example Bank at ${HOST}:${port}.`)).toBeVisible()
    expect(arrived).toHaveLength(1)

    // The ledger shows where it went, and sends it again on request.
    await openSection(page, 'Ledger')
    const entry = page.locator('.ledger-entry[data-requester="Example Bank"]')
    await expect(entry).toContainText(`Answer delivered to ${HOST}:${port}`)
    await entry.getByRole('button', { name: 'Send again: the answer to Example Bank' }).click()
    await expect.poll(() => arrived.length).toBe(2)
    expect(arrived[1]).toBe(arrived[0])
    await entry.getByRole('button', { name: 'Get the answer again' }).click()
    await expect(entry.getByRole('link', { name: /Save the answer \(mevault-answer-rc-/ })).toBeVisible()
    await keepScreenshot(page, testInfo, 'ledger-delivery')
  } finally {
    await serve.close()
    site.close()
    ca.remove()
  }
})
