/**
 * Issue 15: the last daily-trust gaps. The focus after a delete and its Undo, Escape on the pairing
 * panel, private values in the Trash, the clipboard on lock, and what a person types while the vault
 * changes elsewhere.
 */
import type { Page } from '@playwright/test'
import { expect, keepScreenshot, test } from './support/fixtures.js'
import { mevault } from './support/mevault-cli.js'
import { addField, confirmRecoveryKitSaved, createVault, fieldRow, lock, openField, openSection } from './support/vault-flow.js'

const PASSPHRASE = 'correct horse battery staple'

async function newVault(page: Page, url: string): Promise<void> {
  await page.goto(url)
  await createVault(page, PASSPHRASE)
  await confirmRecoveryKitSaved(page)
}


for (const size of [
  { width: 1280, height: 800 },
  { width: 800, height: 600 }
]) {
  test(`at ${size.width}×${size.height}, a delete puts the focus on Undo, and Undo puts it on the restored row`, async ({ page, serve }, testInfo) => {
    await page.setViewportSize(size)
    await newVault(page, serve.url)
    await addField(page, { record: 'contact', name: 'email', value: 'zoe@example.org', tier: 'public' })
    await addField(page, { record: 'contact', name: 'phone', value: '+49 30 1234567', type: 'phone', tier: 'public' })

    await openField(page, 'contact.phone')
    await page.getByRole('button', { name: 'Delete…' }).click()
    await page.getByRole('group', { name: 'Confirm deletion' }).getByRole('button', { name: 'Delete', exact: true }).press('Enter')
    await expect(fieldRow(page, 'contact.phone')).toHaveCount(0)
    const status = page.getByRole('status').filter({ hasText: 'Deleted contact.phone. It is in the Trash.' })
    const undo = status.getByRole('button', { name: 'Undo' })
    await expect(undo).toBeFocused()
    // Not taken back by the one-pane layout once the list is shown again.
    await page.waitForTimeout(300)
    await expect(undo).toBeFocused()
    await keepScreenshot(page, testInfo, `deleted-undo-focused-${size.width}`)

    await page.keyboard.press('Enter')
    await expect(page.getByRole('status').filter({ hasText: 'contact.phone is back.' })).toBeVisible()
    const restored = fieldRow(page, 'contact.phone').locator('.row-main')
    await expect(restored).toBeFocused()
    await page.waitForTimeout(300)
    await expect(restored).toBeFocused()
    // The keyboard goes on from there: the row above is one arrow away.
    await page.keyboard.press('ArrowUp')
    await expect(fieldRow(page, 'contact.email').locator('.row-main')).toBeFocused()
  })
}

test('Escape on the pairing panel asks first; Keep waiting keeps the code, Stop pairing ends it, and the focus goes back', async ({
  page,
  serve
}, testInfo) => {
  await newVault(page, serve.url)
  await openSection(page, 'Devices')
  const pair = page.getByRole('button', { name: 'Pair a new device' })
  await pair.click()
  const code = page.getByRole('textbox', { name: 'Invitation code' })
  await expect(code).toBeVisible()
  const shown = await code.inputValue()

  await page.keyboard.press('Escape')
  const ask = page.getByRole('dialog', { name: 'Stop pairing?' })
  await expect(ask).toContainText('The code will stop working.')
  await expect(ask.getByRole('button', { name: 'Keep waiting' })).toBeFocused()
  await keepScreenshot(page, testInfo, 'stop-pairing-asks')
  // Escape in the question is "no": the code stays.
  await page.keyboard.press('Escape')
  await expect(ask).toBeHidden()
  await expect(code).toHaveValue(shown)

  await page.keyboard.press('Escape')
  await ask.getByRole('button', { name: 'Stop pairing' }).click()
  await expect(code).toBeHidden()
  await expect(ask).toBeHidden()
  await expect(page.getByRole('button', { name: 'Pair a new device' })).toBeFocused()

  // Cancel invitation, the panel's own button, also gives the focus back.
  await page.getByRole('button', { name: 'Pair a new device' }).click()
  await page.getByRole('button', { name: 'Cancel invitation' }).click()
  await expect(code).toBeHidden()
  await expect(page.getByRole('button', { name: 'Pair a new device' })).toBeFocused()
})

test('the Trash masks private values (not in the page) until Reveal, and shows the others', async ({ page, serve }, testInfo) => {
  await newVault(page, serve.url)
  await addField(page, { record: 'identity', name: 'passport', value: 'C01X00T47' })
  await addField(page, { record: 'contact', name: 'phone', value: '+49 30 1234567', type: 'phone', tier: 'public' })
  for (const path of ['identity.passport', 'contact.phone']) {
    await openField(page, path)
    await page.getByRole('button', { name: 'Delete…' }).click()
    await page.getByRole('group', { name: 'Confirm deletion' }).getByRole('button', { name: 'Delete', exact: true }).click()
    await expect(fieldRow(page, path)).toHaveCount(0)
  }
  await page.getByRole('button', { name: 'Trash' }).click()
  const trash = page.getByRole('list', { name: 'Deleted fields' })
  const passport = trash.getByRole('listitem').filter({ hasText: 'identity.passport' })
  const phone = trash.getByRole('listitem').filter({ hasText: 'contact.phone' })
  await expect(phone).toContainText('+49 30 1234567')
  await expect(passport).toContainText('hidden')
  expect(await page.content()).not.toContain('C01X00T47')
  await keepScreenshot(page, testInfo, 'trash-masked')

  await passport.getByRole('button', { name: 'Reveal identity.passport' }).click()
  await expect(passport).toContainText('C01X00T47')
  await passport.getByRole('button', { name: 'Hide identity.passport' }).click()
  await expect(passport).not.toContainText('C01X00T47')
  expect(await page.content()).not.toContain('C01X00T47')
})

test('a lock clears the value this page copied, by the button or from another page, but not what was copied since', async ({
  page,
  serve
}) => {
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: serve.origin })
  const clipboard = (on: Page = page) => on.evaluate(() => navigator.clipboard.readText())
  await newVault(page, serve.url)
  await addField(page, { record: 'contact', name: 'email', value: 'zoe@example.org', tier: 'public' })

  // The Lock button.
  await fieldRow(page, 'contact.email').getByRole('button', { name: 'Copy contact.email' }).click()
  await expect(page.getByRole('status').filter({ hasText: /Copied — clears in \d+ s\./ })).toBeVisible()
  expect(await clipboard()).toBe('zoe@example.org')
  await lock(page)
  await expect.poll(() => clipboard()).toBe('')

  // Locked from another page of the same vault.
  await page.getByLabel('Passphrase').fill(PASSPHRASE)
  await page.getByRole('button', { name: 'Unlock' }).click()
  await fieldRow(page, 'contact.email').getByRole('button', { name: 'Copy contact.email' }).click()
  await expect.poll(() => clipboard()).toBe('zoe@example.org')
  const other = await page.context().newPage()
  await other.goto(serve.appUrl)
  await lock(other)
  await expect(page.getByRole('heading', { name: 'Unlock MeVault' })).toBeVisible()
  await page.bringToFront()
  await expect.poll(() => clipboard()).toBe('')

  // Something the person copied after (another app) is theirs: a lock leaves it.
  await other.close()
  await page.getByLabel('Passphrase').fill(PASSPHRASE)
  await page.getByRole('button', { name: 'Unlock' }).click()
  await fieldRow(page, 'contact.email').getByRole('button', { name: 'Copy contact.email' }).click()
  await expect.poll(() => clipboard()).toBe('zoe@example.org')
  await page.evaluate(() => navigator.clipboard.writeText('a note of mine'))
  await lock(page)
  await page.waitForTimeout(500)
  expect(await clipboard()).toBe('a note of mine')
})

for (const size of [
  { width: 1280, height: 800 },
  { width: 800, height: 600 }
]) {
  test(`at ${size.width}×${size.height}, what the person types in New field stays while a change arrives from the CLI; the list still shows the change`, async ({
    page,
    serve
  }, testInfo) => {
    await page.setViewportSize(size)
    await newVault(page, serve.url)
    const form = page.getByRole('form', { name: 'Add a field' })
    const onePane = size.width < 1000
    /** The field from the CLI is in the list (in one pane: Back to the list, then New field again). */
    const seeRowThenForm = async (path: string) => {
      if (onePane) await page.getByRole('button', { name: 'Back to the list' }).click()
      await expect(fieldRow(page, path)).toBeVisible()
      if (onePane) await page.getByRole('button', { name: 'New field' }).click()
    }

    // The form an empty vault shows by itself.
    await form.getByLabel('Record').fill('travel')
    await form.getByLabel('Field', { exact: true }).fill('seat')
    await form.getByLabel('Value', { exact: true }).fill('window please')
    expect((await mevault(['set', 'contact.city'], { ...serve.env, MEVAULT_PASSPHRASE: PASSPHRASE }, 'Lyon\n')).code).toBe(0)
    // In one pane the form is put in front of the list (which now has a field to show), with Back to the list.
    if (onePane) await expect(page.getByRole('button', { name: 'Back to the list' })).toBeVisible()
    await seeRowThenForm('contact.city')
    await expect(form.getByLabel('Record')).toHaveValue('travel')
    await expect(form.getByLabel('Value', { exact: true })).toBeVisible()
    await expect(form.getByLabel('Field', { exact: true })).toHaveValue('seat')
    await expect(form.getByLabel('Value', { exact: true })).toHaveValue('window please')
    await keepScreenshot(page, testInfo, `typed-text-kept-first-field-${size.width}`)
    await form.getByRole('button', { name: 'Add field' }).click()
    await expect(fieldRow(page, 'travel.seat')).toBeVisible()

    // The form opened with New field, in a vault with fields.
    await page.getByRole('button', { name: 'New field' }).click()
    await form.getByLabel('Record').fill('health')
    await form.getByLabel('Field', { exact: true }).fill('blood')
    await form.getByLabel('Value', { exact: true }).fill('0+')
    expect((await mevault(['set', 'contact.zip'], { ...serve.env, MEVAULT_PASSPHRASE: PASSPHRASE }, '69001\n')).code).toBe(0)
    await seeRowThenForm('contact.zip')
    await expect(form.getByLabel('Record')).toHaveValue('health')
    await expect(form.getByLabel('Field', { exact: true })).toHaveValue('blood')
    await expect(form.getByLabel('Value', { exact: true })).toHaveValue('0+')
    await expect(form.getByLabel('Value', { exact: true })).toBeVisible()
    await form.getByRole('button', { name: 'Add field' }).click()
    await expect(fieldRow(page, 'health.blood')).toBeVisible()
  })
}
