/**
 * Both sides ours, through the standard protocol: a company's site made with the requester kit
 * (`mevault requester serve`, HTTPS with a certificate from a CA this test made) offers its request as
 * an openid4vp:// link as well; the person pastes it into MeVault (`mevault serve`), sees the verifier
 * verified by its domain (did:web), shares, and the site shows the SD-JWT VC's claims, verified by
 * the kit; the person's browser is offered the site's thank-you page.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { BIN } from '../test/helpers/cli-process.js'
import { freePort } from '../test/helpers/free-port.js'
import { makeTestCa } from '../test/helpers/test-ca.js'
import { fillVault } from './support/filled-vault.js'
import { expect, keepScreenshot, test } from './support/fixtures.js'
import { chromiumTrusting, startRequesterSite } from './support/requester-site.js'
import { startMeVaultServe } from './support/serve.js'
import { openSection, unlock } from './support/vault-flow.js'

const HOST = 'shop.example.com'
const PASSPHRASE = 'correct horse battery staple'

// eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring form; this test starts its own browser
test('the kit’s site asks by openid4vp:// link; MeVault verifies it by did:web and answers with an SD-JWT VC the site verifies', async ({}, testInfo) => {
  const ca = makeTestCa([HOST])
  const root = mkdtempSync(path.join(tmpdir(), 'mevault-e2e-oid4vp-'))
  const port = await freePort()
  const origin = `https://${HOST}:${port}`
  const kit = (args: string[]) => spawnSync(process.execPath, [BIN, 'requester', ...args], { cwd: root, encoding: 'utf8' })
  const dir = path.join(root, 'shop')
  expect(kit(['init', '--name', 'Example Shop', '--url', origin, '--out', dir]).status).toBe(0)
  expect(
    kit([
      'request', '--dir', dir, '--claims', 'given_name,address.locality', '--purpose', 'Deliver your order', '--retention', 'P30D',
      '--response-uri', `${origin}/answers`, '--out', path.join(root, 'order.jws')
    ]).status
  ).toBe(0)
  const site = await startRequesterSite(ca, dir, root)
  const serve = await startMeVaultServe({ NODE_EXTRA_CA_CERTS: ca.caFile, MEVAULT_RESOLVE: `${HOST}=127.0.0.1` })
  const browser = await chromiumTrusting(ca, HOST)
  try {
    await fillVault(
      serve.env,
      PASSPHRASE,
      [
        { path: 'me.vorname', value: 'Zoë', tier: 'restricted' },
        { path: 'home.stadt', value: 'Leipzig', tier: 'restricted' }
      ],
      async (api) => {
        await api['fields.claim']({ path: 'me.vorname', claim: 'given_name' })
        await api['fields.claim']({ path: 'home.stadt', claim: 'address.locality' })
      }
    )
    const context = await browser.newContext()
    const company = await context.newPage()
    await company.goto(`${origin}/`)
    const link = await company.locator('a.link.openid4vp').first().getAttribute('href')
    expect(link).toMatch(/^openid4vp:\/\/\?/)

    const person = await context.newPage()
    await person.goto(serve.url)
    await unlock(person, PASSPHRASE)
    await openSection(person, 'Requests')
    await person.getByLabel('Or paste a request link').fill(link!)
    await person.getByRole('button', { name: 'Open', exact: true }).click()
    await expect(person.getByRole('heading', { name: /asks for 2 fields$/ })).toBeVisible()
    await expect(person.locator('.requester-check.verified')).toContainText(`Verified: ${HOST}:${port} (did:web)`)
    await person.getByRole('checkbox', { name: /Share First name/ }).check()
    await person.getByRole('checkbox', { name: /Share City/ }).check()
    await person.getByRole('button', { name: 'Share 2 fields' }).click()
    await expect(person.getByText(new RegExp(`Your answer was delivered to .* at ${HOST}:${port}\\.`))).toBeVisible()
    const onward = person.getByRole('link', { name: `Continue at ${HOST}:${port}` })
    await expect(onward).toHaveAttribute('href', new RegExp(`^${origin}/openid4vp/done`))
    await keepScreenshot(person, testInfo, 'kit-openid4vp-delivered')

    await company.goto(`${origin}/answers`)
    const arrived = company.getByRole('region', { name: 'OpenID4VP answer' })
    await expect(arrived.getByRole('heading', { name: 'Verified OpenID4VP answer (SD-JWT VC)' })).toBeVisible()
    await expect(arrived.locator('dd[data-claim="given_name"]')).toHaveText('Zoë')
    await expect(arrived.locator('[data-claim="address"], [data-claim="address.locality"]').first()).toContainText('Leipzig')
    await keepScreenshot(company, testInfo, 'kit-openid4vp-company')
  } finally {
    await browser.close()
    await serve.close()
    await site.stop()
    rmSync(root, { recursive: true, force: true })
    ca.remove()
  }
})
