import { expect, keepScreenshot, test, watchCspViolations } from './support/fixtures.js'
import { addField, confirmRecoveryKitSaved, createVault, fieldRow, lock, setTier, unlock } from './support/vault-flow.js'

const PASSPHRASE = 'correct horse battery staple'

test('through mevault serve: create a vault, lock, unlock, add fields, change a tier, search', async ({
  page,
  serve
}, testInfo) => {
  const cspViolations = watchCspViolations(page)
  await page.goto(serve.url)
  // The token moves into an HttpOnly cookie and leaves the address bar.
  await expect(page).toHaveURL(serve.appUrl)
  await keepScreenshot(page, testInfo, '1-create-vault')

  await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE)
  await page.getByLabel('Confirm passphrase').fill('something else')
  await page.getByRole('button', { name: 'Create vault' }).click()
  await expect(page.getByRole('alert')).toHaveText('The two passphrases are not the same.')

  await createVault(page, PASSPHRASE)
  await expect(page.getByTestId('secret-key')).toHaveText(/\S{8,}/)
  await keepScreenshot(page, testInfo, '2-recovery-kit')
  await confirmRecoveryKitSaved(page)
  await expect(page.getByText('Your vault is empty')).toBeVisible()
  await keepScreenshot(page, testInfo, '3-vault-empty')

  await lock(page)
  await unlock(page, 'not my passphrase')
  await expect(page.getByRole('alert')).toContainText('That passphrase does not open this vault')
  await keepScreenshot(page, testInfo, '4-unlock-wrong-passphrase')
  await unlock(page, PASSPHRASE)
  await expect(page.getByRole('heading', { name: 'Vault', exact: true })).toBeVisible()

  await addField(page, { record: 'identity', name: 'name', value: 'Zoë Ångström' })
  await addField(page, { record: 'contact', name: 'email', value: 'zoe@example.org', tier: 'public' })
  await addField(page, { record: 'finance', name: 'iban', value: 'DE89 3704 0044 0532 0130 00', tier: 'restricted' })
  // A new field is private unless told otherwise; each tier shows its own badge.
  await expect(fieldRow(page, 'identity.name')).toContainText('Private')
  await expect(fieldRow(page, 'contact.email')).toContainText('Public')
  await expect(fieldRow(page, 'finance.iban')).toContainText('Restricted')
  const overview = page.getByRole('list', { name: 'Fields by tier' })
  await expect(overview).toContainText('1Private')
  await keepScreenshot(page, testInfo, '5-vault-fields')

  await setTier(page, 'identity.name', 'restricted')
  await expect(fieldRow(page, 'identity.name')).toContainText('Restricted')
  await expect(fieldRow(page, 'identity.name').getByRole('button', { name: 'Make identity.name restricted' })).toHaveAttribute(
    'aria-pressed',
    'true'
  )
  await expect(overview).toContainText('0Private')
  await expect(overview).toContainText('2Restricted')
  await keepScreenshot(page, testInfo, '6-tier-changed')

  // Case- and accent-insensitive: "ANGSTROM" finds "Ångström".
  await page.getByLabel('Search fields').fill('ANGSTROM')
  await expect(page.getByRole('list', { name: 'Fields', exact: true }).locator('[data-path]')).toHaveCount(1)
  await expect(fieldRow(page, 'identity.name')).toBeVisible()
  await page.getByLabel('Search fields').fill('nothing like this')
  await expect(page.getByText('No field matches your search.')).toBeVisible()
  await keepScreenshot(page, testInfo, '7-search')

  expect(cspViolations).toEqual([])
})

test('without the printed token the page is refused', async ({ page, serve }, testInfo) => {
  const response = await page.goto(serve.appUrl)
  expect(response?.status()).toBe(401)
  await expect(page.locator('body')).toContainText('open the address that `mevault serve` printed')
  expect(response?.headers()['content-security-policy']).toContain("default-src 'none'")
  await keepScreenshot(page, testInfo, 'refused-without-token')
})
