/**
 * Issue 15, finding 8: every type is checked the same way, by the vault, in the app's own words
 * (no browser popup for email and url while number and phone get the app's text), and a value the
 * vault stores in its canonical form (an email in lower case) is said, not changed silently.
 */
import { fillVault } from './support/filled-vault.js'
import { expect, test } from './support/fixtures.js'
import { fieldRow, openField, revealInDetails, unlock } from './support/vault-flow.js'

const PASSPHRASE = 'correct horse battery staple'

test('email and url are refused in the app’s words like number and phone; a lower-cased email is said', async ({ page, serve }) => {
  await fillVault(serve.env, PASSPHRASE, [{ path: 'identity.first_name', value: 'Zoë', tier: 'restricted' }])
  await page.goto(serve.url)
  await unlock(page, PASSPHRASE)

  const form = page.getByRole('form', { name: 'Add a field' })
  for (const [type, bad] of [
    ['email', 'not an address'],
    ['url', 'not a url'],
    ['number', 'twelve'],
    ['phone', 'call me']
  ] as const) {
    if (!(await form.isVisible())) await page.getByRole('button', { name: 'New field' }).click()
    await form.getByLabel('Record').fill('contact')
    await form.getByLabel('Field', { exact: true }).fill(`bad_${type}`)
    await form.getByLabel('Type').selectOption(type)
    await form.getByLabel('Value', { exact: true }).fill(bad)
    await form.getByRole('button', { name: 'Add field' }).click()
    await expect(form.getByRole('alert'), type).toContainText(`contact.bad_${type}`)
    await expect(fieldRow(page, `contact.bad_${type}`)).toHaveCount(0)
  }

  await form.getByLabel('Field', { exact: true }).fill('email')
  await form.getByLabel('Type').selectOption('email')
  await form.getByLabel('Value', { exact: true }).fill('Zoe@Example.ORG')
  await form.getByRole('button', { name: 'Add field' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Saved contact.email as zoe@example.org.' })).toBeVisible()

  // Editing says it too.
  await openField(page, 'contact.email')
  await revealInDetails(page, 'contact.email') // private
  await page.getByLabel('Value of contact.email').fill('ZOE@garden.example')
  await page.getByRole('button', { name: 'Save', exact: true }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Saved as zoe@garden.example.' })).toBeVisible()
})
