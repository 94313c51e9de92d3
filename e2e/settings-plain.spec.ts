/**
 * Issue 15, finding 10: a fresh vault's Settings show which preset it follows (the starting rules
 * have a name), and choosing "Never" for auto-lock says that `mevault serve` still locks after its
 * own limit, instead of letting the person believe the vault stays open.
 */
import { expect, keepScreenshot, test } from './support/fixtures.js'
import { confirmRecoveryKitSaved, createVault, openSection } from './support/vault-flow.js'

test('a fresh vault shows its starting preset, and auto-lock "Never" says the server still locks after 15 minutes', async ({ page, serve }, testInfo) => {
  await page.goto(serve.url)
  await createVault(page, 'correct horse battery staple')
  await confirmRecoveryKitSaved(page)
  await openSection(page, 'Settings')
  await expect(page.getByRole('radio', { name: /Ask me first \(the starting rules\)/ })).toBeChecked()
  await expect(page.getByText('Your rules are your own mix')).toHaveCount(0)

  await page.getByLabel('Lock the vault after').selectOption({ label: 'Never' })
  await expect(page.getByRole('status').filter({ hasText: 'also locks the vault after 15 minutes without use' })).toBeVisible()
  await keepScreenshot(page, testInfo, 'settings-auto-lock-never')
  await page.getByLabel('Lock the vault after').selectOption({ label: '5 minutes without use' })
  await expect(page.getByText('also locks the vault after 15 minutes')).toHaveCount(0)
})
