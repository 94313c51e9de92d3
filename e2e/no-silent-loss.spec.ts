/** Issue 15, findings 1, 2, 3 and 5: nothing a person has is lost or exposed without them seeing it. */
import { expect, keepScreenshot, test } from './support/fixtures.js'
import { addField, confirmRecoveryKitSaved, createVault, fieldRow, openField, revealInDetails } from './support/vault-flow.js'

const PASSPHRASE = 'correct horse battery staple'

test('Add never replaces a field that exists: it names it, offers to open it, and keeps its value and tier', async ({
  page,
  serve
}, testInfo) => {
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
  await keepScreenshot(page, testInfo, 'add-refuses-existing')
  await expect(fieldRow(page, 'finance.iban')).toContainText('Restricted')
  await form.getByRole('button', { name: 'Open finance.iban' }).click()
  await expect(page.getByRole('heading', { name: 'iban', exact: true, level: 2 })).toBeVisible()
  await expect(page.getByLabel('Value of finance.iban')).toHaveValue('DE89 3704 0044')
  await expect(page.getByRole('list', { name: 'History of finance.iban' }).getByRole('listitem')).toHaveCount(1)
  await openField(page, 'finance.iban')
})

test('a less private tier asks first, in plain words; every tier change can be undone from a status with Undo', async ({
  page,
  serve
}, testInfo) => {
  await page.goto(serve.url)
  await createVault(page, PASSPHRASE)
  await confirmRecoveryKitSaved(page)
  await addField(page, { record: 'identity', name: 'passport', value: 'C01X00T47' })
  await addField(page, { record: 'contact', name: 'email', value: 'zoe@example.org', tier: 'public' })

  // One click on the globe no longer makes a private field public: a dialog asks, Cancel keeps it private.
  await fieldRow(page, 'identity.passport').getByRole('button', { name: 'Make identity.passport public' }).click()
  const dialog = page.getByRole('dialog', { name: 'Make identity.passport public?' })
  await expect(dialog).toContainText('identity.passport is private now. It may then be shared by your policies without asking you each time.')
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused()
  await keepScreenshot(page, testInfo, 'confirm-less-private')
  await page.keyboard.press('Escape')
  await expect(dialog).toBeHidden()
  await expect(fieldRow(page, 'identity.passport')).toContainText('Private')

  // Confirmed, it changes, and the status offers Undo by keyboard.
  await fieldRow(page, 'identity.passport').getByRole('button', { name: 'Make identity.passport restricted' }).click()
  await page.getByRole('dialog', { name: 'Make identity.passport restricted?' }).getByRole('button', { name: 'Make it restricted' }).click()
  await expect(fieldRow(page, 'identity.passport')).toContainText('Restricted')
  const status = page.getByRole('status').filter({ hasText: 'identity.passport is now restricted.' })
  await expect(status).toBeVisible()
  await keepScreenshot(page, testInfo, 'tier-changed-undo')
  await status.getByRole('button', { name: 'Undo' }).focus()
  await page.keyboard.press('Enter')
  await expect(fieldRow(page, 'identity.passport')).toContainText('Private')
  await expect(page.getByRole('status').filter({ hasText: 'identity.passport is again private.' })).toBeVisible()

  // More private needs no question, and can be undone too.
  await fieldRow(page, 'contact.email').getByRole('button', { name: 'Make contact.email private' }).click()
  await expect(page.getByRole('dialog')).toHaveCount(0)
  await expect(fieldRow(page, 'contact.email')).toContainText('Private')
  await page.getByRole('status').filter({ hasText: 'contact.email is now private.' }).getByRole('button', { name: 'Undo' }).click()
  await expect(fieldRow(page, 'contact.email')).toContainText('Public')
})

test('a deleted field is in the Trash with when, and comes back with its last value and tier; Undo right after delete', async ({
  page,
  serve
}, testInfo) => {
  await page.goto(serve.url)
  await createVault(page, PASSPHRASE)
  await confirmRecoveryKitSaved(page)
  await addField(page, { record: 'finance', name: 'iban', value: 'DE89 3704 0044', tier: 'restricted' })
  await addField(page, { record: 'contact', name: 'phone', value: '+49 30 1234567', type: 'phone', tier: 'public' })

  // Undo right after delete.
  await openField(page, 'contact.phone')
  await page.getByRole('button', { name: 'Delete…' }).click()
  await expect(page.getByRole('group', { name: 'Confirm deletion' })).toContainText('It goes to the Trash, where you can restore it.')
  await page.getByRole('group', { name: 'Confirm deletion' }).getByRole('button', { name: 'Delete', exact: true }).click()
  await expect(fieldRow(page, 'contact.phone')).toHaveCount(0)
  await page.getByRole('status').filter({ hasText: 'Deleted contact.phone. It is in the Trash.' }).getByRole('button', { name: 'Undo' }).click()
  await expect(fieldRow(page, 'contact.phone')).toContainText('Public')

  // The Trash: with when, and restore brings back the last value and tier.
  await openField(page, 'finance.iban')
  await page.getByRole('button', { name: 'Delete…' }).click()
  await page.getByRole('group', { name: 'Confirm deletion' }).getByRole('button', { name: 'Delete', exact: true }).click()
  await expect(fieldRow(page, 'finance.iban')).toHaveCount(0)
  await page.getByRole('button', { name: 'Trash' }).click()
  const trash = page.getByRole('list', { name: 'Deleted fields' })
  await expect(trash.getByRole('listitem')).toHaveCount(1)
  await expect(trash.getByRole('listitem')).toContainText('finance.iban')
  await expect(trash.getByRole('listitem')).toContainText(/deleted .+ on /)
  await expect(trash.getByRole('listitem')).toContainText('Restricted')
  await keepScreenshot(page, testInfo, 'trash')
  await trash.getByRole('button', { name: 'Restore finance.iban' }).click()
  await expect(fieldRow(page, 'finance.iban')).toContainText('Restricted')
  await expect(page.getByLabel('Value of finance.iban')).toHaveValue('DE89 3704 0044')
  await expect(page.getByRole('status').filter({ hasText: 'finance.iban is back.' })).toBeVisible()
  await page.getByRole('button', { name: 'Trash' }).click()
  await expect(page.getByText('The trash is empty.')).toBeVisible()
})

test('Save and Restore say so (role=status)', async ({ page, serve }) => {
  await page.goto(serve.url)
  await createVault(page, PASSPHRASE)
  await confirmRecoveryKitSaved(page)
  await addField(page, { record: 'identity', name: 'name', value: 'Zoë Ångström' })
  await openField(page, 'identity.name')

  const details = page.getByRole('region', { name: 'name', exact: true })
  await revealInDetails(page, 'identity.name') // private
  await page.getByLabel('Value of identity.name').fill('Zoë Å. Ångström')
  await page.getByRole('button', { name: 'Save', exact: true }).click()
  await expect(details.getByRole('status')).toHaveText('Saved.')
  await expect(page.getByRole('list', { name: 'History of identity.name' }).getByRole('listitem')).toHaveCount(2)

  await page.getByRole('button', { name: 'Restore version 1 of identity.name' }).click()
  await expect(details.getByRole('status')).toHaveText('Restored.')
  await expect(page.getByLabel('Value of identity.name')).toHaveValue('Zoë Ångström')
})
