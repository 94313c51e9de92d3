import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Locator, Page } from '@playwright/test'
import { expect, test } from './support/fixtures.js'
import { confirmRecoveryKitSaved, createVault, fieldRow } from './support/vault-flow.js'

const PASSPHRASE = 'correct horse battery staple'
const FIXTURES = join(import.meta.dirname, '..', 'test', 'fixtures', 'import')

/** A new vault through `mevault serve`, its Import panel open and a file of FIXTURES picked in it. */
async function newVaultImporting(page: Page, serveUrl: string, fixture: string): Promise<Locator> {
  await page.goto(serveUrl)
  await createVault(page, PASSPHRASE)
  await confirmRecoveryKitSaved(page)
  await page.getByRole('button', { name: 'Import', exact: true }).click()
  const panel = page.getByRole('region', { name: 'Import' })
  await panel.getByLabel('Choose a file to import').setInputFiles(join(FIXTURES, fixture))
  return panel
}

test('through mevault serve: a vCard picked, previewed and imported; a CSV mapped in the preview; the card exported back', async ({ page, serve }) => {
  // A vCard: the preview says what goes where before anything is written.
  const panel = await newVaultImporting(page, serve.url, 'google-contacts.vcf')
  const table = panel.getByRole('table', { name: 'What goes where' })
  await expect(table.getByRole('row', { name: /contact\.email ada@example\.org email EMAIL \(home\) new/ })).toBeVisible()
  await expect(fieldRow(page, 'contact.email')).toHaveCount(0)
  await panel.getByRole('button', { name: 'Import 16 fields' }).click()
  await expect(panel.getByRole('status').filter({ hasText: 'Imported 16 fields.' })).toBeVisible()
  await expect(fieldRow(page, 'contact.email')).toBeVisible()
  await expect(fieldRow(page, 'identity.birthdate')).toBeVisible()

  // A CSV: an unnamed column is left out until the person maps it.
  await panel.getByLabel('Choose a file to import').setInputFiles(join(FIXTURES, 'contacts-semicolon-bom.csv'))
  await expect(panel.getByLabel('Column Notes')).toHaveValue('-')
  await expect(panel.getByRole('button', { name: 'Import 12 fields' })).toBeVisible()
  await panel.getByLabel('Column Notes').fill('notes.text')
  await panel.getByRole('button', { name: 'Apply mapping' }).click()
  await expect(table.getByRole('row', { name: /row_1\.text/ })).toBeVisible()
  await panel.getByRole('button', { name: 'Import 14 fields' }).click()
  await expect(panel.getByRole('status').filter({ hasText: 'Imported 14 fields.' })).toBeVisible()
  await page.getByLabel('Search fields').fill('row_2')
  await expect(fieldRow(page, 'row_2.text')).toBeVisible()

  // Export: a vCard of the chosen fields, as a download.
  await page.getByRole('button', { name: 'Export', exact: true }).click()
  const exportPanel = page.getByRole('region', { name: 'Export' })
  await expect(exportPanel.getByText('not encrypted')).toBeVisible()
  await exportPanel.getByRole('button', { name: 'Make a vCard' }).click()
  const download = page.waitForEvent('download')
  await exportPanel.getByRole('link', { name: 'Save mevault-card.vcf' }).click()
  const card = readFileSync(await (await download).path(), 'utf8')
  expect(card).toMatch(/^BEGIN:VCARD\r\nVERSION:4\.0\r\n/)
  expect(card).toContain('EMAIL:ada@example.org')
})

test('a conflict in the preview shows the vault’s own private value as dots until Reveal', async ({ page, serve }) => {
  const panel = await newVaultImporting(page, serve.url, 'google-contacts.vcf')
  await panel.getByRole('button', { name: 'Import 16 fields' }).click()
  await expect(panel.getByRole('status').filter({ hasText: 'Imported 16 fields.' })).toBeVisible()

  // Another card with another email: contact.email (private since the first import) is a conflict.
  await panel.getByLabel('Choose a file to import').setInputFiles(join(FIXTURES, 'apple-contacts.vcf'))
  const conflict = panel.getByRole('table', { name: 'What goes where' }).getByRole('row', { name: /^contact\.email grace@example\.com/ })
  await expect(conflict).toContainText(/replace “•••••\s*hidden”/) // the dots, read out as "hidden"
  await expect(panel).not.toContainText('ada@example.org')
  await conflict.getByRole('button', { name: 'Reveal the value contact.email holds now' }).click()
  await expect(conflict).toContainText('replace “ada@example.org”')
  await conflict.getByRole('button', { name: 'Hide the value contact.email holds now' }).click()
  await expect(panel).not.toContainText('ada@example.org')

  // Alt+R, which the Reveal button announces, works here as in the list: from the conflict's checkbox and from the button.
  const reveal = conflict.getByRole('button', { name: 'Reveal the value contact.email holds now' })
  await expect(reveal).toHaveAttribute('aria-keyshortcuts', 'Alt+R')
  await conflict.getByRole('checkbox').focus()
  await page.keyboard.press('Alt+KeyR')
  await expect(conflict).toContainText('replace “ada@example.org”')
  await expect(conflict.getByRole('checkbox')).not.toBeChecked()
  await conflict.getByRole('button', { name: 'Hide the value contact.email holds now' }).focus()
  await page.keyboard.press('Alt+KeyR')
  await expect(panel).not.toContainText('ada@example.org')
  await expect(reveal).toBeFocused()
})
