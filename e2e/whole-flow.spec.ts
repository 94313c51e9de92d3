/**
 * The whole flow, both sides real: a company's site made with the requester kit (`mevault requester
 * serve`, HTTPS with a certificate from a CA this test made) shows its request as a link; the person
 * pastes the link into MeVault (`mevault serve`), sees the requester verified by its domain, consents,
 * and the answer is delivered; the site shows the claims it verified. Then consent is withdrawn, and
 * the site erases what it got.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { BIN } from '../test/helpers/cli-process.js'
import { freePort } from '../test/helpers/free-port.js'
import { makeTestCa } from '../test/helpers/test-ca.js'
import { expect, keepScreenshot, test } from './support/fixtures.js'
import { chromiumTrusting, startRequesterSite } from './support/requester-site.js'
import { startMeVaultServe } from './support/serve.js'
import { addField, confirmRecoveryKitSaved, createVault, openField, openSection } from './support/vault-flow.js'

const HOST = 'nordbank.example.com'
const PASSPHRASE = 'correct horse battery staple'


// eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring form; this test starts its own browser
test('a company site made with the kit asks by link; MeVault verifies who asks, the person consents, the answer arrives verified, and a withdrawal erases it', async ({}, testInfo) => {
  const ca = makeTestCa([HOST])
  const root = mkdtempSync(path.join(tmpdir(), 'mevault-e2e-flow-'))
  const port = await freePort()
  const origin = `https://${HOST}:${port}`
  const kit = (args: string[]) => spawnSync(process.execPath, [BIN, 'requester', ...args], { cwd: root, encoding: 'utf8' })
  const dir = path.join(root, 'nordbank')
  expect(kit(['init', '--name', 'Nordbank Savings', '--url', origin, '--out', dir]).status).toBe(0)
  const made = kit([
    'request', '--dir', dir, '--claims', 'given_name,birthdate', '--optional', 'email', '--purpose', 'Open a savings account',
    '--retention', 'P30D', '--use', 'requester-only', '--response-uri', `${origin}/answers`, '--withdrawal-uri', `${origin}/withdrawals`,
    '--out', path.join(root, 'kyc.jws')
  ])
  expect(made.status).toBe(0)
  const site = await startRequesterSite(ca, dir, root)
  // MeVault's engine trusts the test CA and finds the company's name on this computer.
  const serve = await startMeVaultServe({ NODE_EXTRA_CA_CERTS: ca.caFile, MEVAULT_RESOLVE: `${HOST}=127.0.0.1` })
  // So does the browser, for the company's pages.
  const browser = await chromiumTrusting(ca, HOST)
  try {
    const context = await browser.newContext()
    const company = await context.newPage()
    await company.goto(`${origin}/`)
    const link = await company.getByRole('link', { name: /^mevault:\/\/request\?request_uri=/ }).getAttribute('href')
    expect(link).toMatch(/^mevault:\/\/request\?request_uri=https%3A%2F%2Fnordbank\.example\.com/)

    // The person: a vault with their first name under their own field name, tagged with its claim.
    const person = await context.newPage()
    await person.goto(serve.url)
    await createVault(person, PASSPHRASE)
    await confirmRecoveryKitSaved(person)
    await addField(person, { record: 'me', name: 'vorname', value: 'Zoë', tier: 'restricted' })
    await openField(person, 'me.vorname')
    const vorname = person.locator('.details') // named by its heading, which becomes the claim's label
    await vorname.getByLabel('What me.vorname is').selectOption({ label: 'First name' })
    await vorname.getByRole('button', { name: 'Use for this' }).click()
    await expect(vorname.getByRole('heading', { name: 'First name', level: 2 })).toBeVisible()

    // The link, pasted: who asks is verified by its domain, not by the name it gives itself.
    await openSection(person, 'Requests')
    await person.getByLabel('Or paste a request link').fill(link!)
    await person.getByRole('button', { name: 'Open', exact: true }).click()
    await expect(person.getByRole('heading', { name: 'Nordbank Savings asks for 3 fields' })).toBeVisible()
    await expect(person.locator('.requester-check.verified')).toContainText(`Verified: ${HOST}:${port} (did:web)`)
    await expect(person.getByRole('note', { name: 'What happens to your data' })).toContainText('Kept only by Nordbank Savings')
    await expect(person.getByText(`Your answer will be sent to ${HOST}:${port}.`)).toBeVisible()

    // The birth date is missing: added right here, then both are shared.
    await person.getByRole('button', { name: 'Add Date of birth to your vault' }).click()
    const add = person.getByRole('form', { name: 'Add Date of birth' })
    await add.getByLabel('Your date of birth').fill('1990-04-01')
    await add.getByRole('button', { name: 'Add to vault' }).click()
    await person.getByRole('checkbox', { name: /Share First name/ }).check()
    await person.getByRole('checkbox', { name: /Share Date of birth/ }).check()
    await person.getByRole('button', { name: 'Share 2 fields' }).click()
    await expect(person.getByText(`Your answer was delivered to Nordbank Savings at ${HOST}:${port}.`)).toBeVisible()
    await keepScreenshot(person, testInfo, 'flow-delivered')

    // The company's side: the answer arrived, verified by the kit, under the claim names it asked for.
    await company.goto(`${origin}/answers`)
    const arrived = company.getByRole('region', { name: /^Answer to urn:uuid:/ })
    await expect(arrived.getByRole('heading', { name: /Verified answer to/ })).toBeVisible()
    await expect(arrived.locator('dd[data-claim="given_name"]')).toHaveText('Zoë')
    await expect(arrived.locator('dd[data-claim="birthdate"]')).toHaveText('1990-04-01')
    await expect(arrived.locator('dd[data-claim="email"]')).toHaveCount(0)
    await keepScreenshot(company, testInfo, 'flow-company-answers')

    // Consent withdrawn in the ledger: the notice is delivered, and the site erases the values.
    await openSection(person, 'Ledger')
    const entry = person.locator('.ledger-entry[data-requester="Nordbank Savings"]')
    await expect(entry).toContainText(`Answer delivered to ${HOST}:${port}`)
    await entry.getByRole('button', { name: 'Withdraw consent given to Nordbank Savings' }).click()
    await expect(entry).toContainText(`Withdrawal notice delivered to ${HOST}:${port}`)
    await company.reload()
    await expect(company.getByText('Consent withdrawn')).toBeVisible()
    await expect(company.locator('dd[data-claim="given_name"]')).toHaveCount(0)
  } finally {
    await browser.close()
    await serve.close()
    await site.stop()
    rmSync(root, { recursive: true, force: true })
    ca.remove()
  }
})
