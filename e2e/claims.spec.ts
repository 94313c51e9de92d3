import { expect, test } from './support/fixtures.js'
import { addField, confirmRecoveryKitSaved, createVault, fieldRow, openField } from './support/vault-flow.js'

const PASSPHRASE = 'correct horse battery staple'

test('through mevault serve: a new field picked from the claims by label, and an existing field offered its obvious claim', async ({ page, serve }) => {
  await page.goto(serve.url)
  await createVault(page, PASSPHRASE)
  await confirmRecoveryKitSaved(page)

  // The person picks "Date of birth", not `birthdate`: where it goes, its type and tier follow.
  await page.getByRole('button', { name: 'New field' }).click()
  const form = page.getByRole('form', { name: 'Add a field' })
  await form.getByLabel('What is it?').selectOption({ label: 'Date of birth' })
  await expect(form.getByLabel('Record')).toHaveValue('identity')
  await expect(form.getByLabel('Field', { exact: true })).toHaveValue('birthdate')
  await expect(form.getByLabel('Type')).toHaveValue('date')
  await expect(form.getByLabel('Tier', { exact: true })).toHaveValue('restricted')
  await form.getByLabel('Value', { exact: true }).fill('1815-12-10')
  await form.getByRole('button', { name: 'Add field' }).click()
  await expect(fieldRow(page, 'identity.birthdate')).toBeVisible()
  // The details are headed by the claim's label (the path beside it).
  await expect(page.getByRole('region', { name: 'Date of birth' }).locator('.path')).toHaveText('identity.birthdate')

  // A free field named like a claim is offered it, and tagged only when the person says so.
  await addField(page, { record: 'identity', name: 'first_name', value: 'Ada' })
  await openField(page, 'identity.first_name')
  const firstName = page.locator('.details') // named by its heading, which becomes the claim's label
  await expect(firstName.getByText('This looks like your first name.')).toBeVisible()
  await firstName.getByRole('button', { name: 'Use it for “First name”' }).click()
  await expect(firstName.getByRole('heading', { name: 'First name', level: 2 })).toBeVisible()
  await expect(firstName.getByRole('button', { name: 'Stop using identity.first_name for First name' })).toBeVisible()

  // Any field can be given any claim from the list; Remove takes it off.
  await addField(page, { record: 'notes', name: 'city_i_live_in', value: 'London' })
  await openField(page, 'notes.city_i_live_in')
  const city = page.locator('.details')
  await expect(city.getByText(/This looks like/)).toHaveCount(0)
  await city.getByLabel('What notes.city_i_live_in is').selectOption({ label: 'City' })
  await city.getByRole('button', { name: 'Use for this' }).click()
  await expect(city.getByRole('heading', { name: 'City', level: 2 })).toBeVisible()
  await city.getByRole('button', { name: 'Stop using notes.city_i_live_in for City' }).click()
  await expect(city.getByText('Nothing yet', { exact: false })).toBeVisible()
})
