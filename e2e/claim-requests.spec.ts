import path from 'node:path'
import { expect, keepScreenshot, test, watchCspViolations } from './support/fixtures.js'
import { addField, confirmRecoveryKitSaved, createVault, openField, openSection } from './support/vault-flow.js'

const PASSPHRASE = 'correct horse battery staple'
const BANK = path.resolve('resources/requests/bank-kyc.json')
const REWARDS = path.resolve('resources/requests/shopping-rewards.json')

test('through mevault serve: a request asking by claim finds the person’s own fields, adds a missing one in place, says what happens to the data, and a sale can be refused', async ({
  page,
  serve
}, testInfo) => {
  const cspViolations = watchCspViolations(page)
  await page.goto(serve.url)
  await createVault(page, PASSPHRASE)
  await confirmRecoveryKitSaved(page)

  // The person keeps their first name under their own field name, and says what it is.
  await addField(page, { record: 'me', name: 'vorname', value: 'Zoë', tier: 'restricted' })
  await openField(page, 'me.vorname')
  const vorname = page.locator('.details') // named by its heading, which becomes the claim's label
  await vorname.getByLabel('What me.vorname is').selectOption({ label: 'First name' })
  await vorname.getByRole('button', { name: 'Use for this' }).click()
  await expect(vorname.getByRole('heading', { name: 'First name', level: 2 })).toBeVisible()

  // The bank asks for claims: the first name is held (from me.vorname), the last name is not.
  await openSection(page, 'Requests')
  await page.getByLabel('Import a request file').setInputFiles(BANK)
  await expect(page.getByRole('heading', { name: 'Nordbank Savings asks for 9 fields' })).toBeVisible()
  await expect(page.getByRole('note', { name: 'What happens to your data' })).toContainText('Kept only by Nordbank Savings')
  const firstName = page.locator('.consent-line[data-path="given_name"]')
  await expect(firstName).toContainText('from me.vorname')
  await expect(firstName).toContainText('Zoë')
  await expect(page.getByRole('checkbox', { name: /Share First name/ })).toBeEnabled()
  const lastNameBox = page.getByRole('checkbox', { name: /Share Last name/ })
  await expect(lastNameBox).toBeDisabled()
  await expect(page.locator('.consent-line[data-path="family_name"]')).toContainText('Not in your vault')

  // Added right here: the line becomes held and can be shared. Escape closes the little form, and
  // the focus goes back to its Add button (issue 15, finding 12).
  const addLastName = page.getByRole('button', { name: 'Add Last name to your vault' })
  await addLastName.click()
  const add = page.getByRole('form', { name: 'Add Last name' })
  await expect(add).toBeFocused()
  await page.keyboard.press('Escape')
  await expect(add).toHaveCount(0)
  await expect(addLastName).toBeFocused()
  await addLastName.click()
  await add.getByLabel('Your last name').fill('Garden')
  await add.getByRole('button', { name: 'Add to vault' }).click()
  await expect(lastNameBox).toBeEnabled()
  await expect(page.locator('.consent-line[data-path="family_name"]')).toContainText('from identity.family_name')
  await keepScreenshot(page, testInfo, 'consent-by-claim')
  await page.getByRole('checkbox', { name: /Share First name/ }).check()
  await lastNameBox.check()
  await page.getByRole('button', { name: 'Share 2 fields' }).click()
  await expect(page.getByRole('heading', { name: 'Signed: me.vorname, identity.family_name' })).toBeVisible()

  // The ledger: who has what, and what they may do with it.
  await openSection(page, 'Ledger')
  const bank = page.locator('.ledger-entry[data-requester="Nordbank Savings"]')
  await expect(bank).toContainText('What they may do with it: Kept only by Nordbank Savings')
  await expect(bank.getByRole('list', { name: 'Shared with Nordbank Savings' })).toContainText('me.vorname as given_name')

  // A standing refusal of sales with the person's name on them.
  await openSection(page, 'Settings')
  const refuse = page.getByLabel(/Refuse requests that sell my data individually/)
  await refuse.check()
  await expect(refuse).toBeChecked()
  await openSection(page, 'Requests')
  await page.getByLabel('Import a request file').setInputFiles(REWARDS)
  await expect(page.getByRole('heading', { name: 'BrightMart Rewards asks for 3 fields' })).toBeVisible()
  await expect(page.getByRole('note', { name: 'What happens to your data' })).toContainText('Sold to others, with your name on it')
  await expect(page.getByText('Your policy refuses this request: you refuse requests that sell your data individually.')).toBeVisible()
  await expect(page.getByRole('checkbox', { name: /Share First name/ })).toBeDisabled()
  await keepScreenshot(page, testInfo, 'consent-sold-individually-refused')
  await page.getByRole('button', { name: 'Refuse' }).click()
  await expect(page.getByRole('heading', { name: 'You refused this request' })).toBeVisible()

  expect(cspViolations).toEqual([])
})
