/**
 * Every screen at 1280×800 and 800×600, light and dark, as a screenshot in the report (issue 15, "Done
 * means"), and the layout facts a person notices checked on each (finding 11): the page never scrolls
 * sideways, the details and consent panes are inside the window, a value in the list can be read.
 * Below the breakpoint the two-pane screens show one pane at a time, with "Back to the list".
 * One vault per size and theme: Argon2 per vault is slow on a loaded machine.
 */
import path from 'node:path'
import type { Page, TestInfo } from '@playwright/test'
import { expect, keepScreenshot, test } from './support/fixtures.js'
import { buttonsStuckToBoxes, expectNoSidewaysScroll, expectPaneInWindow, visibleCharacters } from './support/layout-facts.js'
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

      test(`every screen at ${size.name} in ${theme}: nothing wider than the window, panes not cut off, values readable`, async ({
        page,
        serve
      }, testInfo) => {
        test.setTimeout(240_000)
        const shot = screenshots(page, testInfo, `${size.name}-${theme}`)
        const detailsPane = page.locator('.details-pane')

        await page.goto(serve.url)
        await expect(page.getByRole('heading', { name: 'Create your vault' })).toBeVisible()
        await shot('create')
        await page.getByRole('button', { name: 'Join that vault with an invitation code' }).click()
        await expect(page.getByRole('heading', { name: 'Join your vault from another computer' })).toBeVisible()
        await shot('join')
        await page.getByRole('button', { name: 'Create a new vault instead' }).click()

        await createVault(page, PASSPHRASE)
        await shot('recovery-kit')
        await confirmRecoveryKitSaved(page)
        await expect(page.getByRole('form', { name: 'Add a field' })).toBeVisible()
        await shot('vault-empty')

        await addField(page, { record: 'contact', name: 'email', value: EMAIL, type: 'email', tier: 'public' })
        await addField(page, { record: 'identity', name: 'first_name', value: 'Zoë' })
        await addField(page, { record: 'identity', name: 'passport', value: 'C01X00T47', tier: 'restricted' })

        // The list: a value shows at least 20 characters, even at 800×600.
        const emailValue = fieldRow(page, 'contact.email').getByText(EMAIL, { exact: true })
        await expect(emailValue).toBeVisible()
        expect.soft(await visibleCharacters(emailValue), `the email in the list at ${size.name}`).toBeGreaterThanOrEqual(20)
        await shot('vault-list')

        // Field details: beside the list, or in its place with a way back (Escape too, focus on the row it came from).
        await openField(page, 'contact.email')
        await shot('field-details', detailsPane)
        if (size.narrow) {
          await expect(page.getByRole('list', { name: 'Fields', exact: true })).toBeHidden()
          await expect(page.getByRole('button', { name: 'Back to the list' })).toBeVisible()
          await page.keyboard.press('Escape')
          await expect(page.getByRole('list', { name: 'Fields', exact: true })).toBeVisible()
          await expect(fieldRow(page, 'contact.email').locator('.row-main')).toBeFocused()
          await openField(page, 'identity.passport')
        } else {
          await openField(page, 'identity.passport')
        }

        // A deleted field, for the trash.
        await page.getByRole('button', { name: 'Delete…' }).click()
        await page.getByRole('group', { name: 'Confirm deletion' }).getByRole('button', { name: 'Delete' }).click()
        await expect(fieldRow(page, 'identity.passport')).toHaveCount(0)
        // The field it showed is gone: the list is back (in one pane too).
        await expect(page.getByRole('list', { name: 'Fields', exact: true })).toBeVisible()
        await page.getByRole('button', { name: 'Trash', exact: true }).click()
        await expect(page.getByRole('list', { name: 'Deleted fields' })).toContainText('identity.passport')
        await shot('trash', detailsPane)
        await page.getByRole('button', { name: 'Close', exact: true }).click()

        await page.getByRole('button', { name: 'Import', exact: true }).click()
        await expect(page.getByRole('heading', { name: 'Import', level: 2 })).toBeVisible()
        await shot('import', detailsPane)
        await page.getByRole('button', { name: 'Cancel', exact: true }).click()

        await page.getByRole('button', { name: 'New field' }).click()
        await expect(page.getByRole('form', { name: 'Add a field' })).toBeVisible()
        await shot('add-form', detailsPane)
        await page.getByRole('form', { name: 'Add a field' }).getByRole('button', { name: 'Cancel' }).click()

        // Requests: a long consent screen (nine fields, some not held), then one answered.
        await openSection(page, 'Requests')
        await shot('requests-empty')
        await page.getByLabel('Import a request file').setInputFiles(BANK)
        await expect(page.getByRole('heading', { name: /asks for 9 fields/ })).toBeVisible()
        await shot('consent-nine-fields', detailsPane)
        await backToListIfNarrow(page, size.narrow)
        await page.getByLabel('Import a request file').setInputFiles(NEWSLETTER)
        await expect(page.getByRole('heading', { name: 'The Weekly Garden asks for 3 fields' })).toBeVisible()
        await shot('consent', detailsPane)
        await page.getByRole('checkbox', { name: /Share contact\.email/ }).check()
        await page.getByRole('button', { name: 'Share 1 field' }).click()
        await expect(page.getByRole('heading', { name: 'Signed: contact.email' })).toBeVisible()
        await shot('consent-answered', detailsPane)
        if (size.narrow) {
          await page.getByRole('button', { name: 'Back to the list' }).click()
          await expect(page.getByRole('list', { name: 'Imported requests' })).toBeVisible()
          await expect(page.getByRole('button', { name: /^The Weekly Garden/ })).toBeFocused()
        }
        await shot('requests-inbox')

        await openSection(page, 'Ledger')
        await expect(page.locator('.ledger-entry[data-requester="The Weekly Garden"]')).toContainText('contact.email')
        await shot('ledger')
        // Settings and Devices scroll inside their pane: one screenshot per screenful, every form in the report.
        await openSection(page, 'Settings')
        await shot('settings')
        await shotScrolled(page, testInfo, `${size.name}-${theme}-settings`, page.locator('.list-pane'))
        await openSection(page, 'Devices')
        await shot('devices')
        await page.getByRole('button', { name: /^Rename / }).click()
        await shot('devices-rename')
        await page.keyboard.press('Escape')
        await shotScrolled(page, testInfo, `${size.name}-${theme}-devices`, page.locator('.list-pane'))

        await lock(page)
        await shot('unlock')
      })
    })
  }
}

/**
 * Screenshot, then the layout facts (finding 11, and finding 10's buttons stuck to their boxes), so the report shows the screen a failed fact was measured on.
 * `pane`: the details or consent pane that must be inside the window.
 */
function screenshots(page: Page, testInfo: TestInfo, prefix: string) {
  return async (screen: string, pane?: ReturnType<Page['locator']>) => {
    await keepScreenshot(page, testInfo, `${prefix}-${screen}`)
    await expectNoSidewaysScroll(page, screen)
    if (pane) await expectPaneInWindow(page, pane, screen)
    // Finding 10: every form keeps its buttons clear of its boxes (one form-row gap, in styles.css).
    expect.soft(await buttonsStuckToBoxes(page), `${screen}: buttons stuck to their boxes`).toEqual([])
  }
}

/** The rest of a pane that scrolls, one screenful at a time after the first (at most 8). */
async function shotScrolled(page: Page, testInfo: TestInfo, name: string, scroller: ReturnType<Page['locator']>): Promise<void> {
  for (let part = 2; part <= 9; part++) {
    const moved = await scroller.evaluate((element) => {
      const before = element.scrollTop
      element.scrollTop = before + element.clientHeight * 0.9
      return element.scrollTop > before
    })
    if (!moved) break
    await keepScreenshot(page, testInfo, `${name}-part-${part}`)
    await expectNoSidewaysScroll(page, `${name} part ${part}`)
  }
  await scroller.evaluate((element) => (element.scrollTop = 0))
}

/** Below the breakpoint, what was opened (a request just imported) takes the list's place: go back to it. */
async function backToListIfNarrow(page: Page, narrow: boolean): Promise<void> {
  if (!narrow) return
  await page.getByRole('button', { name: 'Back to the list' }).click()
  await expect(page.getByRole('heading', { name: /^(Vault|Requests)$/, level: 1 })).toBeVisible()
}
