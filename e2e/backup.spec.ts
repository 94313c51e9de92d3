import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { formatSecretKey } from '../src/core/crypto/secret-key.js'
import { expect, keepScreenshot, test } from './support/fixtures.js'
import { startMeVaultServe } from './support/serve.js'
import { addField, confirmRecoveryKitSaved, createVault, fieldRow, openSection } from './support/vault-flow.js'

const PASSPHRASE = 'correct horse battery staple'
// Two mevault serve processes, and Argon2id (64 MiB) at each create, restore and refusal: slow on a busy machine.
test.setTimeout(180_000)

test('back up in Settings (to the folder, and as a download), then restore the download in a fresh mevault serve: the fields are there', async ({ page, serve }, testInfo) => {
  const folder = mkdtempSync(path.join(tmpdir(), 'mevault-e2e-backups-'))
  const fresh = await startMeVaultServe()
  try {
    await page.goto(serve.url)
    await createVault(page, PASSPHRASE)
    const secretKey = (await page.getByTestId('secret-key').textContent())!.trim()
    await confirmRecoveryKitSaved(page)
    await addField(page, { record: 'identity', name: 'name', value: 'Zoë Ångström', tier: 'restricted' })
    await addField(page, { record: 'contact', name: 'email', value: 'zoe@example.org', tier: 'public' })

    await openSection(page, 'Settings')
    const backups = page.getByRole('form', { name: 'Backups' })
    await expect(backups.getByTestId('last-backup')).toHaveText('No backup made yet.')
    await backups.getByLabel('Folder for backups (full path)').fill(folder)
    await backups.getByLabel('Days of backups to keep').fill('3')
    await backups.getByRole('button', { name: 'Save' }).click()
    await expect(backups.getByRole('status')).toHaveText('Saved. A backup is made each day the vault changes.')
    await backups.getByRole('button', { name: 'Back up now' }).click()
    await expect(backups.getByRole('status')).toContainText(`Backed up to ${folder}`)
    await expect(backups.getByTestId('last-backup')).toContainText('Last backup:')
    await keepScreenshot(page, testInfo, '1-settings-backups')
    const [file, ...others] = readdirSync(folder)
    expect(others).toEqual([])
    expect(file).toMatch(/^mevault-[0-9a-f]{8}-\d{4}-\d{2}-\d{2}\.mvbackup$/)
    expect(readFileSync(path.join(folder, file!)).subarray(0, 8).toString()).toBe('MVBACKUP')

    // The same, offered by the page as a download: that is the file restored below.
    const downloading = page.waitForEvent('download')
    await backups.getByRole('button', { name: 'Download a backup' }).click()
    const downloaded = await downloading
    expect(downloaded.suggestedFilename()).toMatch(/^mevault-[0-9a-f]{8}-\d{4}-\d{2}-\d{2}\.mvbackup$/)
    const saved = path.join(folder, 'downloaded.mvbackup')
    await downloaded.saveAs(saved)

    // Another machine: a fresh serve, nothing in it yet.
    await page.goto(fresh.url)
    await expect(page.getByRole('heading', { name: 'Create your vault' })).toBeVisible()
    await page.getByRole('button', { name: 'Restore from a backup' }).click()
    await expect(page.getByRole('heading', { name: 'Restore from a backup' })).toBeVisible()
    await page.getByLabel('Backup file').setInputFiles(saved)
    await page.getByLabel('Passphrase').fill(PASSPHRASE)
    // A well-formed key of some other vault: told apart from a wrong passphrase, and nothing restored.
    await page.getByLabel('Secret key (from your recovery kit)').fill(formatSecretKey(new Uint8Array(16).fill(7)))
    await page.getByRole('button', { name: 'Restore' }).click()
    await expect(page.getByRole('alert')).toHaveText('The secret key does not belong to this vault', { timeout: 30_000 })
    await keepScreenshot(page, testInfo, '2-restore-wrong-secret-key')

    await page.getByLabel('Secret key (from your recovery kit)').fill(secretKey)
    await page.getByRole('button', { name: 'Restore' }).click()
    await expect(page.getByRole('heading', { name: 'Vault', exact: true })).toBeVisible({ timeout: 60_000 })
    await expect(fieldRow(page, 'identity.name')).toContainText('Restricted')
    await expect(fieldRow(page, 'contact.email')).toContainText('Public')
    await keepScreenshot(page, testInfo, '3-restored-vault')
  } finally {
    await fresh.close()
    rmSync(folder, { recursive: true, force: true })
  }
})
