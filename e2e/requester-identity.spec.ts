import { writeFile } from 'node:fs/promises'
import { didOf, newSigningKeyPair, type SigningKeyPair } from '../src/core/crypto/identity.js'
import { loadSodium } from '../src/core/crypto/sodium.js'
import { signRequest } from '../src/core/requests/request-signature.js'
import { didWebDocument } from '../src/core/requests/requester-identity/index.js'
import { sampleRequest } from '../src/core/requests/sample-request.js'
import { startRequesterSites } from '../test/helpers/requester-site.js'
import { expect, keepScreenshot, test, watchCspViolations } from './support/fixtures.js'
import { startMeVaultServe } from './support/serve.js'
import { addField, confirmRecoveryKitSaved, createVault, openSection } from './support/vault-flow.js'

const NORDBANK = 'nordbank.example.com'
/** styles.css: --public-bg (the verified look) and --private-bg (neutral). */
const GREEN_BACKGROUND = 'rgb(230, 244, 234)'
const NEUTRAL_BACKGROUND = 'rgb(238, 241, 245)'

test('the consent screen: verified (green) only for the domain that vouches for the key; the same name with a fresh key is a neutral claim, loudly warned', async ({
  page
}, testInfo) => {
  await loadSodium()
  const sites = await startRequesterSites([NORDBANK])
  const serve = await startMeVaultServe({ NODE_EXTRA_CA_CERTS: sites.ca.caFile, MEVAULT_RESOLVE: sites.resolve })
  try {
    const bankKey = newSigningKeyPair()
    const url = sites.urlOf(NORDBANK)
    sites.publish(NORDBANK, didWebDocument(url, didOf(bankKey)))
    const requestFile = async (name: string, key: SigningKeyPair, nonce: string): Promise<string> => {
      const file = testInfo.outputPath(name)
      const request = sampleRequest({ id: name, nonce, requester: { name: 'Nordbank Savings', id: didOf(key), url } })
      await writeFile(file, await signRequest(JSON.stringify(request), key))
      return file
    }

    const cspViolations = watchCspViolations(page)
    await page.goto(serve.url)
    await createVault(page, 'correct horse battery staple')
    await confirmRecoveryKitSaved(page)
    await addField(page, { record: 'contact', name: 'email', value: 'zoe@example.org', type: 'email', tier: 'public' })
    await openSection(page, 'Requests')

    await page.getByLabel('Import a request file').setInputFiles(await requestFile('real-bank.jws', bankKey, 'realBankNonce0000000001'))
    const verified = page.locator('.requester-check.verified')
    await expect(verified).toContainText(`Verified: ${NORDBANK}:${sites.port} (did:web)`)
    await expect(verified).toHaveCSS('background-color', GREEN_BACKGROUND)
    await expect(page.getByRole('alert', { name: 'Warnings about this requester' })).toHaveCount(0)
    await keepScreenshot(page, testInfo, 'consent-requester-verified')
    await page.getByRole('checkbox', { name: /Share contact\.email/ }).check()
    await page.getByRole('button', { name: 'Share 1 field' }).click()
    await expect(page.getByRole('heading', { name: 'Signed: contact.email' })).toBeVisible()

    // A fresh key calling itself Nordbank Savings at Nordbank's address, validly signed by itself.
    await page.getByLabel('Import a request file').setInputFiles(await requestFile('impostor.jws', newSigningKeyPair(), 'impostorNonce0000000001'))
    const claimed = page.locator('.requester-check.claimed')
    await expect(claimed).toContainText('Claims to be Nordbank Savings (not verified: the domain does not list this request’s key under assertionMethod).')
    await expect(claimed).toHaveCSS('background-color', NEUTRAL_BACKGROUND)
    await expect(page.locator('.requester-check.verified')).toHaveCount(0)
    const warnings = page.getByRole('alert', { name: 'Warnings about this requester' })
    await expect(warnings).toContainText('You shared with “Nordbank Savings” before, under another key')
    await expect(warnings).toContainText(`You shared with ${NORDBANK} before, under another key`)
    // The signature line says what a signature proves, no more, and is not green either.
    await expect(page.locator('.signature.valid')).toContainText('The key alone does not say who holds it.')
    await expect(page.locator('.signature.valid')).not.toHaveCSS('background-color', GREEN_BACKGROUND)
    await keepScreenshot(page, testInfo, 'consent-requester-impostor')
    expect(cspViolations).toEqual([])
  } finally {
    await serve.close()
    await sites.close()
  }
})
