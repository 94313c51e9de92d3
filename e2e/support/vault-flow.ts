/** The steps a person takes in the UI, shared by the browser and the Electron specs. */
import { expect, type Locator, type Page } from '@playwright/test'
import type { Tier } from '../../src/shared/types.js'

export async function createVault(page: Page, passphrase: string): Promise<void> {
  await expect(page.getByRole('heading', { name: 'Create your vault' })).toBeVisible()
  await page.getByLabel('Passphrase', { exact: true }).fill(passphrase)
  await page.getByLabel('Confirm passphrase').fill(passphrase)
  await page.getByRole('button', { name: 'Create vault' }).click()
  await expect(page.getByRole('heading', { name: 'Save your recovery kit' })).toBeVisible()
}

export async function confirmRecoveryKitSaved(page: Page): Promise<void> {
  const proceed = page.getByRole('button', { name: 'Continue to my vault' })
  await expect(proceed).toBeDisabled()
  await page.getByLabel('I saved my recovery kit somewhere safe').check()
  await proceed.click()
  await expect(page.getByRole('heading', { name: 'Vault', exact: true })).toBeVisible()
}

export async function lock(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Lock' }).click()
  await expect(page.getByRole('heading', { name: 'Unlock MeVault' })).toBeVisible()
}

export async function unlock(page: Page, passphrase: string): Promise<void> {
  await page.getByLabel('Passphrase').fill(passphrase)
  await page.getByRole('button', { name: 'Unlock' }).click()
}

export async function addField(page: Page, field: { record: string; name: string; value: string; tier?: Tier }) {
  await page.getByLabel('Record').fill(field.record)
  await page.getByLabel('Field', { exact: true }).fill(field.name)
  await page.getByLabel('Value').fill(field.value)
  if (field.tier) await page.getByLabel('Tier', { exact: true }).selectOption(field.tier)
  await page.getByRole('button', { name: 'Add field' }).click()
  await expect(fieldRow(page, `${field.record}.${field.name}`)).toBeVisible()
}

export function fieldRow(page: Page, path: string): Locator {
  return page.getByRole('list', { name: 'Fields', exact: true }).locator(`li[data-path="${path}"]`)
}

export async function setTier(page: Page, path: string, tier: Tier): Promise<void> {
  await page.getByRole('button', { name: `Make ${path} ${tier}` }).click()
}
