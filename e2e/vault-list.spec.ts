import type { Request } from '@playwright/test'
import Database from 'better-sqlite3'
import path from 'node:path'
import { fillVault, type SeedField } from './support/filled-vault.js'
import { expect, keepScreenshot, test, watchCspViolations } from './support/fixtures.js'
import { fieldRow, unlock } from './support/vault-flow.js'

const PASSPHRASE = 'correct horse battery staple'
const RECORDS = 6
const PER_RECORD = 50

/** 300 fields in 6 records; one in 25 mentions Ada Lovelace. */
function seed(): SeedField[] {
  const fields: SeedField[] = []
  for (let n = 0; n < RECORDS * PER_RECORD; n++) {
    const path = `record${Math.floor(n / PER_RECORD)}.field${String(n % PER_RECORD).padStart(2, '0')}`
    fields.push({ path, value: n % 25 === 0 ? `Ada Lovelace ${n}` : `Grace Hopper ${n}`, tier: n % 2 ? 'public' : 'private' })
  }
  return fields
}

/** The API calls the page makes, by method, with their input. */
function watchApi(page: import('@playwright/test').Page): Array<{ method: string; input: Record<string, unknown> | null }> {
  const calls: Array<{ method: string; input: Record<string, unknown> | null }> = []
  page.on('request', (request: Request) => {
    const match = /\/api\/([\w.]+)$/.exec(new URL(request.url()).pathname)
    if (match) calls.push({ method: match[1]!, input: request.postData() ? (request.postDataJSON() as Record<string, unknown>) : null })
  })
  return calls
}

// Setting 300 fields through the core comes first, then the page.
test.setTimeout(180_000)

test('through mevault serve: a list of 300 fields fetches only the rows it shows; search is the engine’s', async ({
  page,
  serve
}, testInfo) => {
  const fields = seed()
  await fillVault(serve.env, PASSPHRASE, fields)
  const cspViolations = watchCspViolations(page)
  const calls = watchApi(page)
  const list = page.getByRole('list', { name: 'Fields', exact: true })
  const count = page.locator('.list-count')

  await page.goto(serve.url)
  await unlock(page, PASSPHRASE)
  await expect(fieldRow(page, 'record0.field00')).toBeVisible()
  await expect(count).toHaveText(/^300 of 300 fields/)
  await expect(page.getByRole('list', { name: 'Fields by tier' })).toContainText('150Private')
  // The first rows only: no whole list, and no more rows than a window.
  const rendered = await list.getByRole('listitem').count()
  expect(rendered).toBeLessThan(60)
  // 300 fields and a header for each of the 6 records.
  await expect(list.getByRole('listitem').first()).toHaveAttribute('aria-setsize', '306')
  expect(calls.map((c) => c.method)).not.toContain('fields.list')
  expect(calls.filter((c) => c.method === 'fields.page').map((c) => c.input)).toEqual([{ offset: 0, limit: 100, byRecord: true }])
  await keepScreenshot(page, testInfo, '1-first-rows')

  // Each keystroke asks the engine for the first rows of its matches, and nothing else.
  calls.length = 0
  const search = page.getByLabel('Search fields')
  await search.pressSequentially('LOVEL')
  const matches = fields.filter((f) => f.value.startsWith('Ada'))
  await expect(count).toHaveText(/^12 of 300 fields/)
  // 12 matches in 6 records: 18 rows with the headers, of which the window shows the first; in order.
  await expect(list.getByRole('listitem').first()).toHaveAttribute('aria-setsize', '18')
  await expect(list.getByRole('heading', { name: /^Record0 2 fields$/ })).toBeVisible()
  const shown = await list.locator('[data-path]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-path')))
  expect(shown.length).toBeGreaterThanOrEqual(4)
  expect(shown).toEqual(matches.map((f) => f.path).slice(0, shown.length))
  expect(calls.map((c) => c.method)).toEqual(Array(5).fill('fields.page'))
  expect(calls.map((c) => c.input)).toEqual(['L', 'LO', 'LOV', 'LOVE', 'LOVEL'].map((query) => ({ query, offset: 0, limit: 100, byRecord: true })))
  await keepScreenshot(page, testInfo, '2-search')

  // The engine's tier filter narrows the same search.
  const byTier = page.getByRole('list', { name: 'Fields by tier' })
  await byTier.getByRole('button', { name: /Public/ }).click()
  await expect(count).toHaveText(/^6 of 300 fields/)
  await expect(list.locator('[data-path]')).toHaveCount(6)
  for (const path of matches.filter((f) => f.tier === 'public').map((f) => f.path)) await expect(fieldRow(page, path)).toBeVisible()
  await byTier.getByRole('button', { name: /Restricted/ }).click()
  await expect(page.getByText('No field matches your search.')).toBeVisible()
  await page.getByRole('button', { name: 'Show all' }).click()
  await search.fill('')
  await expect(count).toHaveText(/^300 of 300 fields/)

  // Far down the list: the rows there are fetched, and only those.
  calls.length = 0
  await page.locator('.virtual-scroller').evaluate((scroller) => (scroller.scrollTop = scroller.scrollHeight))
  await expect(fieldRow(page, 'record5.field49')).toBeVisible()
  const offsets = calls.filter((c) => c.method === 'fields.page').map((c) => c.input?.offset)
  expect(offsets).toContain(200)
  expect(offsets).not.toContain(0)
  await keepScreenshot(page, testInfo, '3-scrolled-to-the-end')

  // A new search shows its matches from the top, not where the last list was scrolled to.
  await search.fill('hopper 1')
  await expect(fieldRow(page, 'record0.field01')).toBeVisible()
  expect(await page.locator('.virtual-scroller').evaluate((scroller) => scroller.scrollTop)).toBe(0)
  await search.fill('')

  // The keyboard reaches a row that was never fetched: End opens the last field.
  await fieldRow(page, 'record0.field00').locator('.row-main').click()
  await page.keyboard.press('End')
  await expect(page.getByRole('heading', { name: 'field49', exact: true, level: 2 })).toBeVisible()
  await expect(fieldRow(page, 'record5.field49').locator('.row-main')).toBeFocused()

  expect(calls.map((c) => c.method)).not.toContain('fields.list')
  expect(cspViolations).toEqual([])
})

test('a damaged record is named above the list, and the other records stay listed', async ({ page, serve }, testInfo) => {
  await fillVault(serve.env, PASSPHRASE, [
    { path: 'contact.email', value: 'zoe@example.org' },
    { path: 'health.blood_type', value: 'AB-' },
    { path: 'health.blood_type', value: 'AB+' }
  ])
  // The newest stored change (health's) is lost, as on a damaged disk.
  const db = new Database(path.join(serve.env.MEVAULT_HOME!, 'vault.db'))
  db.prepare('DELETE FROM chunks WHERE id = (SELECT max(id) FROM chunks)').run()
  db.close()

  await page.goto(serve.url)
  await unlock(page, PASSPHRASE)
  await expect(fieldRow(page, 'contact.email')).toBeVisible()
  const damage = page.getByRole('alert').filter({ hasText: 'could not be read' })
  await expect(damage).toContainText('A record could not be read, so its fields are not shown')
  await expect(damage).toContainText('health')
  await expect(page.locator('[data-path="health.blood_type"]')).toHaveCount(0)
  await expect(page.locator('.list-count')).toHaveText(/^1 of 1 fields/)
  await keepScreenshot(page, testInfo, 'damaged-record')
})
