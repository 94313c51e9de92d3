/**
 * Issue 15, records with names a person gives them (as items are named in 1Password, Bitwarden and
 * KeePassXC): Rename on a record's header, by mouse and by keyboard; Escape cancels; Undo gives the
 * old name back; the name is kept over a lock, and the key (in every path) never changes.
 */
import type { Page } from '@playwright/test'
import { axeFindings, BLOCKING_IMPACTS, describeFindings } from './support/axe.js'
import { fillVault, type SeedField } from './support/filled-vault.js'
import { expect, keepScreenshot, test } from './support/fixtures.js'
import { fieldRow, lock, openField, unlock } from './support/vault-flow.js'

const PASSPHRASE = 'correct horse battery staple'

const FIELDS: SeedField[] = [
  { path: 'contact.email', value: 'zoe@garden.example', tier: 'restricted' },
  { path: 'row_12.expires', value: '2031-01-01', tier: 'restricted' },
  { path: 'row_12.number', value: 'X1234567', tier: 'private' }
]

const header = (page: Page, record: string) => page.locator(`h2.record-header[data-record="${record}"]`)

test.setTimeout(120_000)

test('a record takes the name the person gives it: shown on its header and in its details, the key beside it, kept over a lock', async ({ page, serve }, testInfo) => {
  await fillVault(serve.env, PASSPHRASE, FIELDS)
  await page.goto(serve.url)
  await unlock(page, PASSPHRASE)
  await expect(header(page, 'row_12')).toHaveText('Row 12 2 fields')

  // Escape cancels, and the focus is back on Rename.
  const rename = page.getByRole('button', { name: 'Rename Row 12', exact: true })
  await rename.click()
  const form = page.getByRole('list', { name: 'Fields', exact: true }).getByRole('form', { name: 'Rename Row 12' })
  await form.getByLabel('Name for row_12').fill('Not this')
  await page.keyboard.press('Escape')
  await expect(form).toHaveCount(0)
  await expect(rename).toBeFocused()
  await expect(header(page, 'row_12')).toHaveText('Row 12 2 fields')

  // Enter opens the form again, Enter saves.
  await page.keyboard.press('Enter')
  await expect(form.getByLabel('Name for row_12')).toBeFocused()
  await page.keyboard.type('Passport')
  await expect((await axeFindings(page, 'rename form')).filter((f) => BLOCKING_IMPACTS.has(f.impact))).toEqual([])
  await keepScreenshot(page, testInfo, 'record-rename-form')
  await page.keyboard.press('Enter')
  await expect(header(page, 'row_12')).toHaveText('Passport row_12 2 fields')
  await expect(page.getByRole('status').filter({ hasText: 'Row 12 is now named Passport.' })).toBeVisible()
  await expect(page.getByRole('button', { name: 'Rename Passport', exact: true })).toBeFocused()
  await keepScreenshot(page, testInfo, 'record-named')

  // Undo gives the old name back; the record is renamed again after.
  await page.getByRole('button', { name: 'Undo' }).click()
  await expect(header(page, 'row_12')).toHaveText('Row 12 2 fields')
  await page.getByRole('button', { name: 'Rename Row 12', exact: true }).click()
  await form.getByLabel('Name for row_12').fill('Passport')
  await form.getByRole('button', { name: 'Save name' }).click()
  await expect(header(page, 'row_12')).toHaveText('Passport row_12 2 fields')

  // The details say it too, and the paths keep the key.
  await openField(page, 'row_12.number')
  await expect(page.locator('.details-header .record-name')).toHaveText('Passport row_12')
  await expect(fieldRow(page, 'row_12.number')).toBeVisible()

  // By keyboard, from the open field's details (the list's headers are not Tab stops: the list is one).
  const inDetails = page.locator('.details').getByRole('button', { name: 'Rename record Passport' })
  await expect(page.getByRole('button', { name: 'Rename Passport', exact: true })).toHaveAttribute('tabindex', '-1')
  await page.locator('.details-pane').focus()
  for (let tab = 0; tab < 5 && !(await inDetails.evaluate((button) => button === document.activeElement)); tab++) await page.keyboard.press('Tab')
  await expect(inDetails).toBeFocused()
  await page.keyboard.press('Enter')
  const detailsForm = page.locator('.details').getByRole('form', { name: 'Rename Passport' })
  await expect(detailsForm.getByLabel('Name for row_12')).toBeFocused()
  await page.keyboard.press('Escape')
  await expect(detailsForm).toHaveCount(0)
  await expect(inDetails).toBeFocused()

  await lock(page)
  await unlock(page, PASSPHRASE)
  await expect(header(page, 'row_12')).toHaveText('Passport row_12 2 fields')
  const findings = await axeFindings(page, 'vault with a named record')
  expect(findings.filter((f) => BLOCKING_IMPACTS.has(f.impact)), describeFindings(findings)).toEqual([])
})
