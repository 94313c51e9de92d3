/** The steps a person takes in the UI, shared by the browser and the Electron specs. */
import { expect, type Locator, type Page } from '@playwright/test'
import type { FieldType, Tier } from '../../src/shared/types.js'

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
  await page.getByRole('button', { name: 'Lock', exact: true }).click()
  await expect(page.getByRole('heading', { name: 'Unlock MeVault' })).toBeVisible()
}

export async function unlock(page: Page, passphrase: string): Promise<void> {
  await page.getByLabel('Passphrase').fill(passphrase)
  await page.getByRole('button', { name: 'Unlock' }).click()
}

/** Opens the add form (shown by itself while the vault is empty), fills it, and waits for the new row. */
export async function addField(
  page: Page,
  field: { record: string; name: string; value: string; tier?: Tier; type?: FieldType }
): Promise<void> {
  const form = page.getByRole('form', { name: 'Add a field' })
  if (!(await form.isVisible())) await page.getByRole('button', { name: 'New field' }).click()
  await form.getByLabel('Record').fill(field.record)
  await form.getByLabel('Field', { exact: true }).fill(field.name)
  if (field.type) await form.getByLabel('Type').selectOption(field.type)
  if (field.tier) await form.getByLabel('Tier', { exact: true }).selectOption(field.tier)
  if (field.type === 'money') {
    // Money edits as an amount and a currency side by side.
    const [amount = '', currency = ''] = field.value.split(' ')
    await form.getByLabel('Amount').fill(amount)
    await form.getByLabel('Currency').fill(currency)
  } else {
    await form.getByLabel('Value', { exact: true }).fill(field.value)
  }
  await form.getByRole('button', { name: 'Add field' }).click()
  await expect(fieldRow(page, `${field.record}.${field.name}`)).toBeVisible()
}

/** A field's line in the (windowed) list. */
export function fieldRow(page: Page, path: string): Locator {
  return page.getByRole('list', { name: 'Fields', exact: true }).getByRole('listitem').filter({ has: page.locator(`[data-path="${path}"]`) })
}

/** The one-click tier buttons on the field's own line; a less private tier is confirmed in its dialog. */
export async function setTier(page: Page, path: string, tier: Tier): Promise<void> {
  const order: Tier[] = ['private', 'restricted', 'public']
  const row = fieldRow(page, path)
  const pressed = await Promise.all(order.map((t) => row.getByRole('button', { name: `Make ${path} ${t}` }).getAttribute('aria-pressed')))
  const from = order[pressed.indexOf('true')]
  await row.getByRole('button', { name: `Make ${path} ${tier}` }).click()
  if (from && order.indexOf(tier) > order.indexOf(from)) {
    await page.getByRole('dialog', { name: `Make ${path} ${tier}?` }).getByRole('button', { name: `Make it ${tier}` }).click()
  }
}

export async function openSection(page: Page, name: 'Vault' | 'Requests' | 'Ledger' | 'Devices' | 'Settings'): Promise<void> {
  // Requests may carry a count ("Requests 1 waiting").
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: new RegExp(`^${name}( \\d+ waiting)?$`) }).click()
  await expect(page.getByRole('heading', { name, exact: true, level: 1 })).toBeVisible()
}

/** Opens a field's details on the right, from its line in the list. */
export async function openField(page: Page, path: string): Promise<void> {
  await fieldRow(page, path).locator('.row-main').click()
  // The heading is the field's readable label (its claim's, or its own name); the path is beside it.
  await expect(page.locator('.details-header .path')).toHaveText(path)
}

/** Reveals a private field's value in the open details (private values show as dots until then). */
export async function revealInDetails(page: Page, path: string): Promise<void> {
  await page.locator('.details').getByRole('button', { name: `Reveal ${path}` }).click()
}
