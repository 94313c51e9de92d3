/** Issue 15, findings 1, 2, 3 and 5: nothing a person has is lost or exposed without them seeing it. */
import { expect, test } from './support/fixtures.js'
import { addField, confirmRecoveryKitSaved, createVault, fieldRow, openField } from './support/vault-flow.js'

const PASSPHRASE = 'correct horse battery staple'

test('Add never replaces a field that exists: it names it, offers to open it, and keeps its value and tier', async ({ page, serve }) => {
  await page.goto(serve.url)
  await createVault(page, PASSPHRASE)
  await confirmRecoveryKitSaved(page)
  await addField(page, { record: 'finance', name: 'iban', value: 'DE89 3704 0044', tier: 'restricted' })

  const form = page.getByRole('form', { name: 'Add a field' })
  await page.getByRole('button', { name: 'New field' }).click()
  await form.getByLabel('Record').fill('finance')
  await form.getByLabel('Field', { exact: true }).fill('iban')
  await form.getByLabel('Value', { exact: true }).fill('something else')
  await form.getByRole('button', { name: 'Add field' }).click()

  await expect(form.getByRole('alert')).toContainText('There is already a field finance.iban. Nothing was changed')
  await expect(fieldRow(page, 'finance.iban')).toContainText('Restricted')
  await form.getByRole('button', { name: 'Open finance.iban' }).click()
  await expect(page.getByRole('heading', { name: 'iban', exact: true, level: 2 })).toBeVisible()
  await expect(page.getByLabel('Value of finance.iban')).toHaveValue('DE89 3704 0044')
  await expect(page.getByRole('list', { name: 'History of finance.iban' }).getByRole('listitem')).toHaveCount(1)
  await openField(page, 'finance.iban')
})
