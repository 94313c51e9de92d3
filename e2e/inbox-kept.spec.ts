/**
 * Issue 15, finding 4: the inbox is kept in the vault. Requests received stay through lock and
 * unlock; one answered before offers the answer it was given (from the ledger); receiving the same
 * request again keeps it once and keeps its "Save the answer".
 */
import path from 'node:path'
import { fillVault } from './support/filled-vault.js'
import { expect, keepScreenshot, test } from './support/fixtures.js'
import { lock, openSection, unlock } from './support/vault-flow.js'

const PASSPHRASE = 'correct horse battery staple'
const REQUESTS = ['newsletter-signup.json', 'bank-kyc.json', 'shopping-rewards.json'].map((name) => path.resolve('resources/requests', name))

test('pending requests survive lock and unlock; an answered one gives its answer again; importing it again keeps its link', async ({ page, serve }, testInfo) => {
  await fillVault(serve.env, PASSPHRASE, [{ path: 'contact.email', value: 'zoe@example.org', tier: 'public' }])
  await page.goto(serve.url)
  await unlock(page, PASSPHRASE)
  await openSection(page, 'Requests')
  for (const file of REQUESTS) await page.getByLabel('Import a request file').setInputFiles(file)
  const inbox = page.getByRole('list', { name: 'Imported requests' }).getByRole('listitem')
  await expect(inbox).toHaveCount(3)

  // Answer the newsletter; importing the same file again keeps one entry and its "Save the answer".
  await inbox.getByRole('button', { name: /^The Weekly Garden/ }).click()
  await page.getByRole('button', { name: 'Refuse' }).click()
  await expect(page.getByRole('link', { name: /Save the answer/ })).toBeVisible()
  await page.getByLabel('Import a request file').setInputFiles(REQUESTS[0]!)
  await expect(inbox).toHaveCount(3)
  await expect(page.getByRole('link', { name: /Save the answer/ })).toBeVisible()

  await lock(page)
  await unlock(page, PASSPHRASE)
  await openSection(page, 'Requests')
  await expect(inbox).toHaveCount(3)
  await keepScreenshot(page, testInfo, 'inbox-after-unlock')
  await inbox.getByRole('button', { name: /^The Weekly Garden/ }).click()
  await expect(page.getByText(/You answered this request on .* \(refused\)/)).toBeVisible()
  await page.getByRole('button', { name: 'Get the answer you gave' }).click()
  const downloading = page.waitForEvent('download')
  await page.getByRole('link', { name: /Save the answer/ }).click()
  expect((await downloading).suggestedFilename()).toMatch(/^mevault-answer-rc-/)

  // Removing one takes it out for good (its answer stays in the ledger).
  await page.getByRole('button', { name: 'Remove the request from Nordbank Savings from the inbox' }).click()
  await expect(inbox).toHaveCount(2)
  await lock(page)
  await unlock(page, PASSPHRASE)
  await openSection(page, 'Requests')
  await expect(inbox).toHaveCount(2)
  await expect(inbox.filter({ hasText: 'Nordbank' })).toHaveCount(0)
})

test('a withdrawal notice can be saved again after leaving the ledger', async ({ page, serve }) => {
  await fillVault(serve.env, PASSPHRASE, [{ path: 'contact.email', value: 'zoe@example.org', tier: 'public' }])
  await page.goto(serve.url)
  await unlock(page, PASSPHRASE)
  await openSection(page, 'Requests')
  await page.getByLabel('Import a request file').setInputFiles(REQUESTS[0]!)
  await page.getByRole('checkbox', { name: /Share contact\.email/ }).check()
  await page.getByRole('button', { name: /^Share 1 field/ }).click()
  await openSection(page, 'Ledger')
  await page.getByRole('button', { name: 'Withdraw consent given to The Weekly Garden' }).click()
  await expect(page.getByRole('link', { name: 'Save the withdrawal notice' })).toBeVisible()

  await openSection(page, 'Vault')
  await openSection(page, 'Ledger')
  await expect(page.getByRole('link', { name: 'Save the withdrawal notice' })).toHaveCount(0)
  await page.getByRole('button', { name: 'Get the withdrawal notice again for The Weekly Garden' }).click()
  const downloading = page.waitForEvent('download')
  await page.getByRole('link', { name: 'Save the withdrawal notice' }).click()
  expect((await downloading).suggestedFilename()).toMatch(/^mevault-withdrawal-the-weekly-garden-rc-/)
})
