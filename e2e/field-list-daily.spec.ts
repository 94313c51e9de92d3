/**
 * Issue 15, what users of 1Password, Bitwarden and KeePassXC expect of the field list: fields
 * grouped by record with readable labels, private values hidden until revealed (not in the page at
 * all), Copy with the clipboard cleared after a while, and one Tab stop with arrow keys inside.
 */
import type { Page } from '@playwright/test'
import { fillVault, type SeedField } from './support/filled-vault.js'
import { expect, keepScreenshot, test } from './support/fixtures.js'
import { fieldRow, openSection, unlock } from './support/vault-flow.js'

const PASSPHRASE = 'correct horse battery staple'
const EMAIL = 'zoe@garden.example'
const IBAN = 'DE89 3704 0044 0532 0130 00'

/** A person's vault: a few tagged fields, and a long record to scroll through. */
const FIELDS: SeedField[] = [
  { path: 'contact.email', value: EMAIL, tier: 'private' },
  { path: 'contact.phone', value: '+44 20 7946 0000', tier: 'public' },
  { path: 'finance.iban', value: IBAN, tier: 'private' },
  { path: 'identity.given_name', value: 'Zoe', tier: 'restricted' },
  ...Array.from({ length: 40 }, (_, n) => ({ path: `notes.note${String(n).padStart(2, '0')}`, value: `note ${n}`, tier: 'public' as const }))
]

async function openVault(page: Page, serve: { env: NodeJS.ProcessEnv; url: string }): Promise<void> {
  await fillVault(serve.env, PASSPHRASE, FIELDS, async (api) => {
    await api['fields.claim']({ path: 'contact.email', claim: 'email' })
    await api['fields.claim']({ path: 'identity.given_name', claim: 'given_name' })
  })
  await page.goto(serve.url)
  await unlock(page, PASSPHRASE)
  await expect(fieldRow(page, 'contact.email')).toBeVisible()
}

const list = (page: Page) => page.getByRole('list', { name: 'Fields', exact: true })

test.setTimeout(120_000)

test('fields are grouped under their record, each with its readable label over its path', async ({ page, serve }, testInfo) => {
  await openVault(page, serve)
  // A header row for each record, in list order, with how many of its fields are listed.
  const headers = list(page).getByRole('heading', { level: 2 })
  await expect(headers.first()).toHaveText('Contact 2 fields')
  await expect(headers.nth(1)).toHaveText('Finance 1 field')
  // The claim's label reads first; the path stays, smaller.
  const email = fieldRow(page, 'contact.email')
  await expect(email.locator('.field')).toHaveText('Email')
  await expect(email.locator('.path')).toHaveText('contact.email')
  await expect(fieldRow(page, 'identity.given_name').locator('.field')).toHaveText('First name')
  await expect(fieldRow(page, 'contact.phone').locator('.field')).toHaveText('phone')
  // The details say the same, with the path.
  await fieldRow(page, 'identity.given_name').locator('.row-main').click()
  await expect(page.getByRole('heading', { name: 'First name', level: 2, exact: true })).toBeVisible()
  await expect(page.locator('.details-header .record-name')).toHaveText('Identity')
  await expect(page.locator('.details-header .path')).toHaveText('identity.given_name')
  await keepScreenshot(page, testInfo, 'grouped-by-record')

  // Scrolled into the long record, its name stays over the list.
  await page.locator('.virtual-scroller').evaluate((scroller) => (scroller.scrollTop = 60 * 20))
  await expect(page.locator('.record-header.sticky')).toHaveText('Notes')
  await keepScreenshot(page, testInfo, 'sticky-record')

  // A search is grouped too: only the records its matches are in.
  await page.getByLabel('Search fields').fill('zoe')
  await expect(list(page).locator('[data-path]')).toHaveCount(2)
  await expect(headers).toHaveText(['Contact 1 field', 'Identity 1 field'])
})

test('a private value is not in the page until revealed; restricted and public values are shown', async ({ page, serve }, testInfo) => {
  await openVault(page, serve)
  await expect(fieldRow(page, 'contact.phone')).toContainText('+44 20 7946 0000')
  await expect(fieldRow(page, 'identity.given_name')).toContainText('Zoe')
  await expect(fieldRow(page, 'contact.email')).toContainText('•••••')
  expect(await page.content()).not.toContain(EMAIL)
  expect(await page.content()).not.toContain(IBAN)
  await keepScreenshot(page, testInfo, 'private-hidden')

  // The engine still finds it by its value; the row found shows dots.
  await page.getByLabel('Search fields').fill('garden.example')
  await expect(list(page).locator('[data-path]')).toHaveCount(1)
  await expect(fieldRow(page, 'contact.email')).toContainText('•••••')
  expect(await page.content()).not.toContain(EMAIL)

  // Reveal on the row shows it, Hide takes it out of the page again.
  await fieldRow(page, 'contact.email').getByRole('button', { name: 'Reveal contact.email' }).click()
  await expect(fieldRow(page, 'contact.email')).toContainText(EMAIL)
  await fieldRow(page, 'contact.email').getByRole('button', { name: 'Hide contact.email' }).click()
  await expect(fieldRow(page, 'contact.email')).not.toContainText(EMAIL)
  expect(await page.content()).not.toContain(EMAIL)
  await page.getByLabel('Search fields').fill('')

  // In the details: dots, no edit box, until Reveal; then the value can be changed.
  await fieldRow(page, 'finance.iban').locator('.row-main').click()
  const details = page.locator('.details')
  await expect(details.locator('.details-value')).toContainText('•••••')
  await expect(page.getByLabel('Value of finance.iban')).toHaveCount(0)
  expect(await page.content()).not.toContain(IBAN)
  await details.getByRole('button', { name: 'Reveal finance.iban' }).click()
  await expect(page.getByLabel('Value of finance.iban')).toHaveValue(IBAN)
  await expect(fieldRow(page, 'finance.iban')).toContainText(IBAN) // one reveal, row and details
  await keepScreenshot(page, testInfo, 'revealed-in-details')
  await details.getByRole('button', { name: 'Hide finance.iban' }).click()
  await expect(page.getByLabel('Value of finance.iban')).toHaveCount(0)
  expect(await page.content()).not.toContain(IBAN)

  // Alt+R on the focused row does the same.
  await fieldRow(page, 'contact.email').locator('.row-main').focus()
  await page.keyboard.press('Alt+r')
  await expect(fieldRow(page, 'contact.email')).toContainText(EMAIL)
  await page.keyboard.press('Alt+r')
  await expect(fieldRow(page, 'contact.email')).not.toContainText(EMAIL)
})

test('Copy puts the value on the clipboard and says when it is cleared; it is cleared after the delay set in Settings', async ({
  page,
  serve
}, testInfo) => {
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: serve.origin })
  await openVault(page, serve)
  const clipboard = () => page.evaluate(() => navigator.clipboard.readText())

  // One click on the row copies the value, hidden or not, and says so.
  await fieldRow(page, 'contact.email').getByRole('button', { name: 'Copy contact.email' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Copied' })).toHaveText(/Copied — clears in 30 s\./)
  expect(await clipboard()).toBe(EMAIL)
  expect(await page.content()).not.toContain(EMAIL) // copied, still not shown
  await keepScreenshot(page, testInfo, 'copied')

  // Ctrl+C on the focused row copies its value.
  await fieldRow(page, 'contact.phone').locator('.row-main').focus()
  await page.keyboard.press('Control+c')
  await expect.poll(clipboard).toBe('+44 20 7946 0000')

  // A person who wants it gone sooner says so in Settings.
  await openSection(page, 'Settings')
  const delay = page.getByLabel('Clear copied values after (seconds)')
  await expect(delay).toHaveValue('30')
  await delay.fill('1')
  await openSection(page, 'Vault')
  await fieldRow(page, 'finance.iban').locator('.row-main').click()
  await page.locator('.details').getByRole('button', { name: 'Copy finance.iban' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Copied' })).toHaveText(/Copied — clears in 1 s\./)
  // Read at once it holds the value (or is already cleared on a slow machine); then it is empty.
  expect([IBAN, '']).toContain(await clipboard())
  await expect.poll(clipboard, { timeout: 15_000 }).toBe('')
})

test('the list is one Tab stop: arrows move between fields (over the record headers), Enter opens', async ({ page, serve }, testInfo) => {
  await openVault(page, serve)
  const rows = list(page).locator('.row-main')
  // Only one row is in the Tab order, and its own buttons follow it.
  expect(await rows.evaluateAll((all) => all.filter((row) => (row as HTMLElement).tabIndex === 0).length)).toBe(1)
  const otherButtons = list(page).locator('.virtual-row:not(:has(.row-main[tabindex="0"])) button')
  expect(await otherButtons.evaluateAll((all) => all.every((b) => (b as HTMLElement).tabIndex === -1))).toBe(true)

  await page.getByLabel('Search fields').focus()
  await page.keyboard.press('Tab')
  await expect(fieldRow(page, 'contact.email').locator('.row-main')).toBeFocused()
  // Tab goes on to this row's Reveal, Copy and tier buttons, then leaves the list.
  await page.keyboard.press('Tab')
  await expect(page.getByRole('button', { name: 'Reveal contact.email' })).toBeFocused()
  await page.keyboard.press('Tab')
  await expect(page.getByRole('button', { name: 'Copy contact.email' })).toBeFocused()
  await page.keyboard.press('Tab')
  await expect(page.getByRole('button', { name: 'Make contact.email private' })).toBeFocused()
  await page.keyboard.press('Tab')
  await page.keyboard.press('Tab')
  await page.keyboard.press('Tab')
  expect(await page.evaluate(() => document.activeElement?.closest('[aria-label="Fields"]') === null)).toBe(true)

  // Back on the row: Down, Down passes over Finance's header to its field; the field opens.
  await fieldRow(page, 'contact.email').locator('.row-main').focus()
  await page.keyboard.press('ArrowDown')
  await expect(fieldRow(page, 'contact.phone').locator('.row-main')).toBeFocused()
  await page.keyboard.press('ArrowDown')
  await expect(fieldRow(page, 'finance.iban').locator('.row-main')).toBeFocused()
  await expect(page.locator('.details-header .path')).toHaveText('finance.iban')
  await page.keyboard.press('ArrowUp')
  await expect(fieldRow(page, 'contact.phone').locator('.row-main')).toBeFocused()
  await page.keyboard.press('End')
  await expect(fieldRow(page, 'notes.note39').locator('.row-main')).toBeFocused()
  await page.keyboard.press('Home')
  await expect(fieldRow(page, 'contact.email').locator('.row-main')).toBeFocused()
  // Enter opens the focused field's details; the focus stays in the list.
  await page.keyboard.press('ArrowDown')
  await page.keyboard.press('Enter')
  await expect(page.locator('.details-header .path')).toHaveText('contact.phone')
  await expect(fieldRow(page, 'contact.phone').locator('.row-main')).toBeFocused()
  // The ring is drawn inside the row, where the scroller cannot cut it off.
  expect(await fieldRow(page, 'contact.phone').locator('.row-main').evaluate((row) => getComputedStyle(row).outlineOffset)).toBe('-3px')
  await keepScreenshot(page, testInfo, 'keyboard-focus')

  // Each row's name is what it shows (axe's label-content-name-mismatch): label, path, value or "hidden".
  await expect(fieldRow(page, 'contact.phone').locator('.row-main')).toHaveAccessibleName('phone contact.phone +44 20 7946 0000')
  await expect(fieldRow(page, 'contact.email').locator('.row-main')).toHaveAccessibleName('Email contact.email hidden')
})

// Session 8 saw this fail in the full e2e run (note24 not focused): a passive effect of a render the
// scroll caused, put off until the next key, took that key's pending focus (VirtualList.tsx).
test('going up past the top of the view, the focused row comes in below the sticky record name, not under it', async ({ page, serve }) => {
  await openVault(page, serve)
  await fieldRow(page, 'contact.email').locator('.row-main').focus()
  await page.keyboard.press('End')
  await expect(fieldRow(page, 'notes.note39').locator('.row-main')).toBeFocused()
  for (let n = 0; n < 15; n++) await page.keyboard.press('ArrowUp')
  const climbed = fieldRow(page, 'notes.note24').locator('.row-main')
  await expect(climbed).toBeFocused()
  const sticky = await page.locator('.record-header.sticky').boundingBox()
  expect((await climbed.boundingBox())!.y).toBeGreaterThanOrEqual(sticky!.y + sticky!.height - 1)
})

test('keys pressed faster than the page draws each count: the focus and the open field stay on the same row', async ({ page, serve }) => {
  await openVault(page, serve)
  await fieldRow(page, 'contact.email').locator('.row-main').focus()
  const climbed = fieldRow(page, 'notes.note24').locator('.row-main')
  // Fifteen ArrowUps sent without waiting for each (as a person holding or tapping the key on a busy
  // machine): each time, the field fifteen rows up has the focus and is the one open. A lost key left
  // the ring a row below the open field, within a few rounds.
  for (let round = 0; round < 10; round++) {
    await page.keyboard.press('End')
    await expect(fieldRow(page, 'notes.note39').locator('.row-main')).toBeFocused()
    await Promise.all(Array.from({ length: 15 }, () => page.keyboard.press('ArrowUp')))
    await expect(page.locator('.details-header .path')).toHaveText('notes.note24')
    await expect(climbed, `round ${round + 1}`).toBeFocused()
  }
})
