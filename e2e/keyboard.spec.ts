/**
 * Issue 15, finding 12, by keyboard alone: Escape closes every form and panel and the focus goes
 * back to the button that opened it; a focus ring is seen where a parent used to clip it; the
 * inbox, the ledger and the trash are one Tab stop each, with the arrow keys inside, and a button
 * that goes away under the keyboard leaves the focus on its row.
 * (The Revoke dialog's focus return is in devices.spec.ts, which pairs the device to revoke.)
 */
import path from 'node:path'
import type { Locator } from '@playwright/test'
import { expect, test } from './support/fixtures.js'
import { addField, confirmRecoveryKitSaved, createVault, fieldRow, openField, openSection } from './support/vault-flow.js'

const PASSPHRASE = 'correct horse battery staple'
const NEWSLETTER = path.resolve('resources/requests/newsletter-signup.json')
const BANK = path.resolve('resources/requests/bank-kyc.json')

test('Escape closes forms and panels, focus goes back to their button; a focus ring shows on tier buttons and rows; each list is one Tab stop', async ({
  page,
  serve
}) => {
  test.setTimeout(180_000)
  await page.goto(serve.url)
  await createVault(page, PASSPHRASE)
  await confirmRecoveryKitSaved(page)
  await addField(page, { record: 'contact', name: 'email', value: 'zoe@example.org', type: 'email', tier: 'public' })
  await addField(page, { record: 'health', name: 'blood_type', value: 'AB-' })
  await addField(page, { record: 'identity', name: 'passport', value: 'C01X00T47' })
  await addField(page, { record: 'identity', name: 'first_name', value: 'Zoë', tier: 'restricted' })

  await test.step('the Add form: Escape closes it, focus is back on New field', async () => {
    const newField = page.getByRole('button', { name: 'New field' })
    await newField.click()
    const form = page.getByRole('form', { name: 'Add a field' })
    await expect(form.getByLabel('What is it?')).toBeFocused()
    await form.getByLabel('Record').fill('half typed')
    await page.keyboard.press('Escape')
    await expect(form).toHaveCount(0)
    await expect(newField).toBeFocused()
  })

  await test.step('the Delete confirmation: Escape keeps the field, focus is back on Delete…', async () => {
    await openField(page, 'health.blood_type')
    await page.getByRole('button', { name: 'Delete…' }).click()
    const confirm = page.getByRole('group', { name: 'Confirm deletion' })
    await expect(confirm.getByRole('button', { name: 'Delete', exact: true })).toBeFocused()
    await page.keyboard.press('Escape')
    await expect(confirm).toHaveCount(0)
    await expect(page.getByRole('button', { name: 'Delete…' })).toBeFocused()
    await expect(fieldRow(page, 'health.blood_type')).toBeVisible()
  })

  await test.step('the tier dialog: Escape keeps the tier, focus is back on the tier button', async () => {
    const makePublic = fieldRow(page, 'identity.passport').getByRole('button', { name: 'Make identity.passport public' })
    await makePublic.click()
    const dialog = page.getByRole('dialog', { name: 'Make identity.passport public?' })
    await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused()
    await page.keyboard.press('Escape')
    await expect(dialog).toHaveCount(0)
    await expect(makePublic).toBeFocused()
  })

  await test.step('the Import and Export panels: Escape closes each, focus is back on its button', async () => {
    for (const name of ['Import', 'Export']) {
      const opener = page.getByRole('button', { name, exact: true })
      await opener.click()
      const panel = page.getByRole('region', { name, exact: true })
      await expect(panel).toBeFocused()
      await page.keyboard.press('Escape')
      await expect(panel).toHaveCount(0)
      await expect(opener).toBeFocused()
    }
  })

  await test.step('the focus ring is seen on a tier button and on a list row, not cut off by the list', async () => {
    await page.keyboard.press('Shift') // the keyboard, not the mouse, was used last: :focus-visible applies
    for (const control of [
      fieldRow(page, 'contact.email').getByRole('button', { name: 'Make contact.email private' }),
      fieldRow(page, 'contact.email').getByRole('button').first()
    ]) {
      await control.focus()
      expect(await control.evaluate((element) => element.matches(':focus-visible'))).toBe(true)
      const focused = await control.screenshot()
      await control.evaluate((element) => (element as HTMLElement).blur())
      const unfocused = await control.screenshot()
      // What the person sees of the control differs with the focus on it: the ring is inside what is shown.
      expect(focused.equals(unfocused)).toBe(false)
    }
  })

  await test.step('the trash: Escape closes it; its list is one Tab stop, ↓ moves to the next deleted field', async () => {
    for (const deleted of ['health.blood_type', 'identity.passport']) {
      await openField(page, deleted)
      await page.getByRole('button', { name: 'Delete…' }).click()
      await page.getByRole('group', { name: 'Confirm deletion' }).getByRole('button', { name: 'Delete', exact: true }).click()
      await expect(fieldRow(page, deleted)).toHaveCount(0)
    }
    const trashButton = page.getByRole('button', { name: 'Trash', exact: true })
    await trashButton.click()
    const trash = page.getByRole('region', { name: 'Trash' })
    const rows = trash.getByRole('list', { name: 'Deleted fields' }).getByRole('listitem')
    await expect(rows).toHaveCount(2)
    await expect(trash).toBeFocused()
    await page.keyboard.press('Tab')
    await expect(rows.nth(0)).toBeFocused()
    // The newest is the private passport: its value is masked, with Reveal before Restore.
    await page.keyboard.press('Tab')
    await expect(rows.nth(0).getByRole('button', { name: 'Reveal identity.passport' })).toBeFocused()
    await page.keyboard.press('Tab')
    await expect(rows.nth(0).getByRole('button', { name: /^Restore / })).toBeFocused()
    // The next Tab leaves the list: the second row's Restore is not a stop of its own.
    await page.keyboard.press('Tab')
    await expect(trash.getByRole('button', { name: 'Close' })).toBeFocused()
    await rows.nth(0).focus()
    await page.keyboard.press('ArrowDown')
    await expect(rows.nth(1)).toBeFocused()
    await page.keyboard.press('Escape')
    await expect(trash).toHaveCount(0)
    await expect(trashButton).toBeFocused()
  })

  await test.step('the inbox: one Tab stop (the open request, then its Remove), ↑ ↓ Home End inside', async () => {
    await openSection(page, 'Requests')
    await page.getByLabel('Import a request file').setInputFiles(NEWSLETTER)
    await expect(page.getByRole('heading', { name: 'The Weekly Garden asks for 3 fields' })).toBeVisible()
    await page.getByLabel('Import a request file').setInputFiles(BANK)
    await expect(page.getByRole('heading', { name: /^Nordbank Savings asks for/ })).toBeVisible()
    const inbox = page.getByRole('list', { name: 'Imported requests' })
    await expect(inbox.getByRole('listitem')).toHaveCount(2)
    const open = inbox.locator('[aria-current="true"]')
    await expect(open).toContainText('Nordbank Savings')

    // Tab from the link box enters the inbox at the open request.
    await page.getByLabel('Or paste a request link').focus()
    await page.keyboard.press('Tab') // Open is disabled while the box is empty
    await expect(open).toBeFocused()
    await page.keyboard.press('Tab')
    await expect(inbox.getByRole('button', { name: 'Remove the request from Nordbank Savings from the inbox' })).toBeFocused()
    await page.keyboard.press('Tab')
    expect(await focusIsIn(inbox)).toBe(false)

    await open.focus()
    const requestButtons = inbox.locator('.inbox-item')
    await page.keyboard.press('Home')
    await expect(requestButtons.first()).toBeFocused()
    await page.keyboard.press('End')
    await expect(requestButtons.last()).toBeFocused()
    await page.keyboard.press('ArrowUp')
    await expect(requestButtons.first()).toBeFocused()
    await page.keyboard.press('Enter')
    await expect(requestButtons.first()).toHaveAttribute('aria-current', 'true')
  })

  await test.step('the ledger: Tab goes through one answer and leaves the list; ↓ moves to the next answer', async () => {
    await page.getByRole('list', { name: 'Imported requests' }).getByRole('button', { name: /^The Weekly Garden/ }).click()
    await page.getByRole('checkbox', { name: /Share contact\.email/ }).check()
    await page.getByRole('button', { name: 'Share 1 field' }).click()
    await expect(page.getByRole('heading', { name: 'Signed: contact.email' })).toBeVisible()
    await page.getByRole('list', { name: 'Imported requests' }).getByRole('button', { name: /^Nordbank Savings/ }).click()
    await page.getByRole('button', { name: 'Refuse' }).click()
    await expect(page.getByRole('heading', { name: 'You refused this request' })).toBeVisible()

    await openSection(page, 'Ledger')
    const ledger = page.getByRole('list', { name: 'Answers by requester' })
    const entries = ledger.locator(':scope > li')
    await expect(entries).toHaveCount(2)
    await page.getByRole('button', { name: 'By requester' }).focus()
    await page.keyboard.press('Tab') // By field
    await page.keyboard.press('Tab')
    await expect(entries.nth(0)).toBeFocused()
    // Every Tab stop in the list is the first answer or one of its own buttons and links, then the list is left.
    let stops = 1
    for (;;) {
      await page.keyboard.press('Tab')
      if (!(await focusIsIn(ledger))) break
      expect(await focusIsIn(entries.nth(0))).toBe(true)
      stops += 1
      expect(stops).toBeLessThan(10)
    }
    const controlsOfFirst = await entries.nth(0).locator('a[href], button:not([disabled])').count()
    expect(stops).toBe(1 + controlsOfFirst)

    await entries.nth(0).focus()
    await page.keyboard.press('ArrowDown')
    await expect(entries.nth(1)).toBeFocused()
    await page.keyboard.press('Tab')
    expect(await focusIsIn(entries.nth(1))).toBe(true)

    // Withdrawing takes the button away: the focus stays on the answer, not on the page's body.
    const garden = ledger.locator(':scope > li[data-requester="The Weekly Garden"]')
    await garden.getByRole('button', { name: 'Withdraw consent given to The Weekly Garden' }).focus()
    await page.keyboard.press('Enter')
    await expect(garden.getByRole('link', { name: 'Save the withdrawal notice' })).toBeVisible()
    await expect(garden).toBeFocused()
  })
})

async function focusIsIn(container: Locator): Promise<boolean> {
  return container.evaluate((element) => element.contains(document.activeElement))
}
