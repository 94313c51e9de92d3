import { readFileSync, renameSync } from 'node:fs'
import { readKitPdf } from '../test/recovery-kit/read-kit-pdf.js'
import { expect, keepScreenshot, test } from './support/fixtures.js'
import { addField, confirmRecoveryKitSaved, createVault, fieldRow, lock, openSection, unlock } from './support/vault-flow.js'

const PASSPHRASE = 'violet harbour cactus lantern'

test('recovery kit: a weak passphrase is questioned, the kit PDF is saved, and a lost key file is typed back from it', async ({ page, serve }, testInfo) => {
  await page.goto(serve.url)

  // A weak passphrase: its strength, why, and an explicit "use it anyway" before it is taken.
  await page.getByLabel('Passphrase', { exact: true }).fill('password1')
  await page.getByLabel('Confirm passphrase').fill('password1')
  await expect(page.getByText('Strength: Very weak')).toBeVisible()
  await expect(page.getByText('This is a commonly used password.')).toBeVisible()
  await page.getByRole('button', { name: 'Create vault' }).click()
  await expect(page.getByRole('alert')).toHaveText('This passphrase is weak: choose a stronger one, or tick "Use this weak passphrase anyway".')
  await expect(page.getByLabel('Use this weak passphrase anyway')).toBeVisible()
  await keepScreenshot(page, testInfo, '1-weak-passphrase')
  // Show reveals what was typed.
  await page.getByRole('button', { name: 'Show' }).first().click()
  await expect(page.getByLabel('Passphrase', { exact: true })).toHaveAttribute('type', 'text')

  await createVault(page, PASSPHRASE)
  const shownKey = (await page.getByTestId('secret-key').textContent())!.trim()

  // The kit as a PDF: the vault makes it once the passphrase is typed again.
  await page.getByLabel('Your passphrase, to make the kit').fill('not my passphrase')
  await page.getByRole('button', { name: 'Save the recovery kit (PDF)' }).click()
  await expect(page.getByRole('alert')).toHaveText('That is not your passphrase. Check it (and Caps Lock).')
  await page.getByLabel('Your passphrase, to make the kit').fill(PASSPHRASE)
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Save the recovery kit (PDF)' }).click()])
  expect(download.suggestedFilename()).toMatch(/^mevault-recovery-kit-[0-9a-f]{8}\.pdf$/)
  const kit = await readKitPdf(readFileSync((await download.path())!))
  expect(kit.text).toContain(shownKey)
  expect(kit.qrTexts).toEqual([shownKey])
  await keepScreenshot(page, testInfo, '2-kit-saved')
  await confirmRecoveryKitSaved(page)
  await addField(page, { record: 'contact', name: 'email', value: 'ada@example.org' })

  // This computer loses its secret key while the vault is locked.
  await lock(page)
  const keyFile = serve.env.MEVAULT_KEY_FILE!
  renameSync(keyFile, `${keyFile}.gone`)
  await unlock(page, PASSPHRASE)
  await expect(page.getByText('This computer does not have your secret key.', { exact: true })).toBeVisible()
  await expect(page.getByRole('alert')).toHaveText('This computer does not have your secret key. Type it from your recovery kit.')

  // Opened afresh (the app started again), the screen says so before any passphrase is tried.
  await page.reload()
  await expect(page.getByText('This computer does not have your secret key.', { exact: true })).toBeVisible()
  // Caps Lock on while typing the passphrase: the box says so (a key event that carries the state).
  await page.getByLabel('Passphrase').dispatchEvent('keydown', { key: 'A', modifierCapsLock: true })
  await expect(page.getByText('Caps Lock is on.')).toBeVisible()
  await page.getByLabel('Passphrase').dispatchEvent('keyup', { key: 'A', modifierCapsLock: false })
  await expect(page.getByText('Caps Lock is on.')).toBeHidden()
  await keepScreenshot(page, testInfo, '3-key-missing')
  await page.getByLabel('Secret key').fill('MV1-12345')
  await page.getByLabel('Passphrase').fill(PASSPHRASE)
  await page.getByRole('button', { name: 'Unlock' }).click()
  await expect(page.getByRole('alert')).toContainText('A secret key looks like MV1-XXXXX-XXXXX-XXXXX-XXXXX-XXXXX-X')

  // The key from the kit, as a person types it (lower case, spaces), opens the vault.
  const fromKit = kit.qrTexts[0]!
  await page.getByLabel('Secret key').fill(fromKit.toLowerCase().replace(/-/g, ' '))
  await page.getByRole('button', { name: 'Unlock' }).click()
  await expect(page.getByRole('heading', { name: 'Vault', exact: true })).toBeVisible()
  await expect(fieldRow(page, 'contact.email')).toBeVisible()

  // Settings: the kit again, and everything exported in plain JSON after a warning.
  await openSection(page, 'Settings')
  await page.getByLabel('Your passphrase, to make the kit').fill(PASSPHRASE)
  const [again] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Save the recovery kit (PDF)' }).click()])
  expect((await readKitPdf(readFileSync((await again.path())!))).qrTexts).toEqual([shownKey])

  await page.getByRole('button', { name: 'Export everything (not encrypted)' }).click()
  const dialog = page.getByRole('dialog', { name: 'Export everything, not encrypted?' })
  await expect(dialog).toContainText('in plain text')
  await keepScreenshot(page, testInfo, '4-export-warning')
  const [exported] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: 'Export (not encrypted)' }).click()])
  expect(exported.suggestedFilename()).toMatch(/^mevault-export-\d{4}-\d{2}-\d{2}\.json$/)
  const data = JSON.parse(readFileSync((await exported.path())!, 'utf8'))
  expect(data).toMatchObject({ format: 'mevault.export/1', fields: [{ path: 'contact.email', value: 'ada@example.org' }] })
  await expect(page.getByRole('status').filter({ hasText: 'Exported 1 field.' })).toBeVisible()
})
