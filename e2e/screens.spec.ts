/**
 * Issue 15, "Done means": every screen at 1280×800 and 800×600, in light and dark, walked once. On each
 * (e2e/support/screen-check.ts) a screenshot goes in the report, the layout facts a person notices are
 * checked (finding 11: the page never scrolls sideways, the details and consent panes are inside the
 * window; finding 10: no button stuck to its box), and axe-core runs with label-content-name-mismatch on
 * (finding 12): a serious or critical violation fails the test, every finding is attached.
 * Below the breakpoint the two-pane screens show one pane at a time, with "Back to the list".
 * One vault per size and theme: each costs two Argon2id runs, slow on a loaded machine.
 */
import path from 'node:path'
import type { Page } from '@playwright/test'
import { expect, test } from './support/fixtures.js'
import { visibleCharacters } from './support/layout-facts.js'
import { screenCheck, type ScreenCheck } from './support/screen-check.js'
import { addField, confirmRecoveryKitSaved, createVault, fieldRow, lock, openField, openSection } from './support/vault-flow.js'

const PASSPHRASE = 'correct horse battery staple'
const NEWSLETTER = path.resolve('resources/requests/newsletter-signup.json')
const BANK = path.resolve('resources/requests/bank-kyc.json')
const EMAIL = 'zoe.lindqvist@garden-club.example.org'

const SIZES = [
  { name: '1280x800', width: 1280, height: 800, narrow: false },
  { name: '800x600', width: 800, height: 600, narrow: true }
] as const
const THEMES = ['light', 'dark'] as const

for (const size of SIZES) {
  for (const theme of THEMES) {
    test.describe(`${size.name} ${theme}`, () => {
      test.use({ viewport: { width: size.width, height: size.height }, colorScheme: theme })

      test(`every screen at ${size.name} in ${theme}: axe finds nothing serious, nothing wider than the window, values readable`, async ({
        page,
        serve
      }, testInfo) => {
        // Create and unlock (two Argon2id runs), five fields added by hand, and axe on about 25 screens, on a loaded machine.
        test.setTimeout(480_000)
        const check = screenCheck(page, testInfo, `${size.name}-${theme}`)

        await page.goto(serve.url)
        await expect(page.getByRole('heading', { name: 'Create your vault' })).toBeVisible()
        await check('create')
        await page.getByRole('button', { name: 'Join that vault with an invitation code' }).click()
        await expect(page.getByRole('heading', { name: 'Join your vault from another computer' })).toBeVisible()
        await check('join')
        await page.getByRole('button', { name: 'Create a new vault instead' }).click()

        await createVault(page, PASSPHRASE)
        await check('recovery-kit')
        await confirmRecoveryKitSaved(page)
        await expect(page.getByRole('form', { name: 'Add a field' })).toBeVisible()
        await check('vault-empty-add-form')

        await walkVault(page, check, size.narrow)
        await walkRequestsAndLedger(page, check, size.narrow)

        // Settings and Devices scroll inside their pane: one screenshot per screenful, every form in the report.
        await openSection(page, 'Settings')
        await check('settings')
        await check.scrolled('settings', page.locator('.list-pane'))
        await openSection(page, 'Devices')
        await check('devices')
        await page.getByRole('button', { name: /^Rename / }).click()
        await check('devices-rename')
        await page.keyboard.press('Escape')
        await check.scrolled('devices', page.locator('.list-pane'))
        await page.getByRole('button', { name: 'Pair a new device' }).click()
        await expect(page.getByRole('textbox', { name: 'Invitation code' })).toBeVisible()
        await check('devices-pairing')
        await page.getByRole('button', { name: 'Cancel invitation' }).click()

        await lock(page)
        await check('unlock')

        await check.finish()
      })
    })
  }
}

/** The list, a field's details, the add form, the tier dialog, delete and its undo, the trash, import and export. */
async function walkVault(page: Page, check: ScreenCheck, narrow: boolean): Promise<void> {
  const detailsPane = page.locator('.details-pane')
  const fields = page.getByRole('list', { name: 'Fields', exact: true })
  await addField(page, { record: 'contact', name: 'email', value: EMAIL, type: 'email', tier: 'public' })
  await addField(page, { record: 'identity', name: 'first_name', value: 'Zoë', tier: 'restricted' })
  await addField(page, { record: 'identity', name: 'passport', value: 'C01X00T47', tier: 'restricted' })
  await addField(page, { record: 'preferences', name: 'language', value: 'en', tier: 'public' })
  await addField(page, { record: 'health', name: 'blood_type', value: 'AB-' })

  // The list: a value shows at least 20 characters, even at 800×600.
  const emailValue = fieldRow(page, 'contact.email').getByText(EMAIL, { exact: true })
  await expect(emailValue).toBeVisible()
  expect.soft(await visibleCharacters(emailValue), 'the email in the list').toBeGreaterThanOrEqual(20)
  await check('vault-list')

  // Field details: beside the list, or in its place with a way back (Escape too, focus on the row it came from).
  await openField(page, 'contact.email')
  await check('field-details', detailsPane)
  if (narrow) {
    await expect(fields).toBeHidden()
    await expect(page.getByRole('button', { name: 'Back to the list' })).toBeVisible()
    await page.keyboard.press('Escape')
    await expect(fields).toBeVisible()
    await expect(fieldRow(page, 'contact.email').locator('.row-main')).toBeFocused()
  }

  await page.getByRole('button', { name: 'New field' }).click()
  await expect(page.getByRole('form', { name: 'Add a field' })).toBeVisible()
  await check('add-form', detailsPane)
  await page.getByRole('form', { name: 'Add a field' }).getByRole('button', { name: 'Cancel' }).click()

  await page.getByRole('button', { name: 'Make health.blood_type public' }).click()
  await expect(page.getByRole('dialog', { name: 'Make health.blood_type public?' })).toBeVisible()
  await check('confirm-tier-change')
  await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click()

  // A deleted field, for the undo toast and the trash.
  await openField(page, 'health.blood_type')
  await page.getByRole('button', { name: 'Delete…' }).click()
  await expect(page.getByRole('group', { name: 'Confirm deletion' })).toBeVisible()
  await check('delete-confirmation', detailsPane)
  await page.getByRole('group', { name: 'Confirm deletion' }).getByRole('button', { name: 'Delete', exact: true }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Deleted health.blood_type' })).toBeVisible()
  await expect(fieldRow(page, 'health.blood_type')).toHaveCount(0)
  // The field it showed is gone: the list is back (in one pane too).
  await expect(fields).toBeVisible()
  await check('deleted-undo-toast')

  await page.getByRole('button', { name: 'Trash', exact: true }).click()
  await expect(page.getByRole('list', { name: 'Deleted fields' })).toContainText('health.blood_type')
  await check('trash', detailsPane)
  await page.getByRole('button', { name: 'Close', exact: true }).click()

  await page.getByRole('button', { name: 'Import', exact: true }).click()
  await expect(page.getByRole('heading', { name: 'Import', level: 2 })).toBeVisible()
  await check('import', detailsPane)
  await page.getByRole('button', { name: 'Cancel', exact: true }).click()

  await page.getByRole('button', { name: 'Export', exact: true }).click()
  await expect(page.getByRole('heading', { name: 'Export', level: 2 })).toBeVisible()
  await check('export', detailsPane)
}

/** Requests: a long consent screen (nine fields, some not held), then a real one answered; the ledger both ways. */
async function walkRequestsAndLedger(page: Page, check: ScreenCheck, narrow: boolean): Promise<void> {
  const detailsPane = page.locator('.details-pane')
  await openSection(page, 'Requests')
  await check('requests-empty')
  await page.getByLabel('Import a request file').setInputFiles(BANK)
  await expect(page.getByRole('heading', { name: /asks for 9 fields/ })).toBeVisible()
  await check('consent-nine-fields', detailsPane)
  if (narrow) {
    // What was just imported takes the list's place: back to it for the next import.
    await page.getByRole('button', { name: 'Back to the list' }).click()
    await expect(page.getByRole('heading', { name: 'Requests', level: 1 })).toBeVisible()
  }
  await page.getByLabel('Import a request file').setInputFiles(NEWSLETTER)
  await expect(page.getByRole('heading', { name: 'The Weekly Garden asks for 3 fields' })).toBeVisible()
  await check('consent', detailsPane)
  await page.getByRole('checkbox', { name: /Share contact\.email/ }).check()
  await page.getByRole('button', { name: 'Share 1 field' }).click()
  await expect(page.getByRole('heading', { name: 'Signed: contact.email' })).toBeVisible()
  await check('consent-answered', detailsPane)
  if (narrow) {
    await page.getByRole('button', { name: 'Back to the list' }).click()
    await expect(page.getByRole('list', { name: 'Imported requests' })).toBeVisible()
    await expect(page.getByRole('button', { name: /^The Weekly Garden/ })).toBeFocused()
  }
  await check('requests-inbox')

  await openSection(page, 'Ledger')
  await expect(page.locator('.ledger-entry')).toHaveCount(1)
  await expect(page.locator('.ledger-entry[data-requester="The Weekly Garden"]')).toContainText('contact.email')
  await check('ledger-by-requester')
  await page.getByRole('button', { name: 'By field' }).click()
  await expect(page.getByRole('list', { name: 'Answers by field' })).toBeVisible()
  await check('ledger-by-field')
}
