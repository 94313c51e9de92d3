import { expect, keepScreenshot, test } from './support/fixtures.js'
import { mevault } from './support/mevault-cli.js'
import { secondMachine } from './support/second-machine.js'
import { addField, confirmRecoveryKitSaved, createVault, fieldRow, openSection, setTier } from './support/vault-flow.js'

const PASSPHRASE = 'correct horse battery staple'

// Pairing runs the real `mevault` beside the browser (the new machine hashes its passphrase).
test.setTimeout(120_000)

test('through mevault serve: two pages on one vault show each other’s changes without a reload, and both lock', async ({
  page,
  serve
}, testInfo) => {
  await page.goto(serve.url)
  await createVault(page, PASSPHRASE)
  await confirmRecoveryKitSaved(page)
  // A second tab of the same browser (signed in by the cookie), opened on the app's own address.
  const other = await page.context().newPage()
  await other.goto(serve.appUrl)
  await expect(other.getByRole('heading', { name: 'Vault', exact: true })).toBeVisible()
  await expect(other.getByText('Your vault is empty')).toBeVisible()

  await addField(page, { record: 'contact', name: 'email', value: 'zoe@example.org' })
  // The other page was not touched: the change event brought the field.
  // Private: shown once revealed.
  await fieldRow(other, 'contact.email').getByRole('button', { name: 'Reveal contact.email' }).click()
  await expect(fieldRow(other, 'contact.email')).toContainText('zoe@example.org')
  await expect(fieldRow(other, 'contact.email')).toContainText('Private')
  await keepScreenshot(other, testInfo, '1-other-page-sees-new-field')

  await setTier(other, 'contact.email', 'public')
  await expect(fieldRow(page, 'contact.email')).toContainText('Public')

  await page.getByRole('button', { name: 'Lock' }).click()
  await expect(page.getByRole('heading', { name: 'Unlock MeVault' })).toBeVisible()
  await expect(other.getByRole('heading', { name: 'Unlock MeVault' })).toBeVisible()
  await keepScreenshot(other, testInfo, '2-other-page-locked-too')
})

test('through mevault serve: what a paired machine syncs in appears in the open Vault and Devices screens', async ({
  page,
  serve
}, testInfo) => {
  const laptop = secondMachine('another passphrase here')
  try {
    await page.goto(serve.url)
    await createVault(page, PASSPHRASE)
    await confirmRecoveryKitSaved(page)
    await openSection(page, 'Devices')
    await page.getByRole('button', { name: 'Pair a new device' }).click()
    const code = await page.getByRole('textbox', { name: 'Invitation code' }).inputValue()
    const listening = page.getByRole('status').filter({ hasText: /Syncing on 127\.0\.0\.1:\d+/ })
    const address = /127\.0\.0\.1:\d+/.exec((await listening.textContent()) ?? '')![0]

    // The Devices screen no longer polls: the join reaches it as a change event.
    expect((await laptop.run(['pair', 'accept', code, '--name', 'e2e laptop'])).code).toBe(0)
    await expect(page.getByRole('list', { name: 'Devices of this vault' }).getByRole('listitem').filter({ hasText: 'e2e laptop' })).toBeVisible()

    await openSection(page, 'Vault')
    await expect(page.getByText('Your vault is empty')).toBeVisible()
    expect((await laptop.run(['set', 'contact.phone', '+44 20 7946 0000'])).code).toBe(0)
    // The laptop syncs to this vault's listener: the new field shows up here with no click.
    const synced = await laptop.run(['sync', 'now', '--peer', address])
    expect(synced.code).toBe(0)
    await fieldRow(page, 'contact.phone').getByRole('button', { name: 'Reveal contact.phone' }).click() // private
    await expect(fieldRow(page, 'contact.phone')).toContainText('+44 20 7946 0000')
    await keepScreenshot(page, testInfo, '1-synced-field-appears')
  } finally {
    laptop.remove()
  }
})

test('through mevault serve: a `mevault` command run while the page is open goes through it, and the page shows the change at once', async ({
  page,
  serve
}, testInfo) => {
  await page.goto(serve.url)
  await createVault(page, PASSPHRASE)
  await confirmRecoveryKitSaved(page)
  await expect(page.getByText('Your vault is empty')).toBeVisible()

  // The serve process holds the vault: the command reaches it through its front door (no "busy"),
  // with the value on stdin, never on the command line.
  const env = { ...serve.env, MEVAULT_PASSPHRASE: PASSPHRASE }
  expect(await mevault(['set', 'contact.city'], env, 'Lyon\n')).toEqual({ code: 0, stdout: expect.any(String), stderr: '' })
  await fieldRow(page, 'contact.city').getByRole('button', { name: 'Reveal contact.city' }).click() // private
  await expect(fieldRow(page, 'contact.city')).toContainText('Lyon')

  // And what the page changes, the next command reads.
  await setTier(page, 'contact.city', 'public')
  const got = await mevault(['get', 'contact.city', '--json'], env)
  expect(got.code).toBe(0)
  expect(JSON.parse(got.stdout)).toMatchObject({ value: 'Lyon', tier: 'public' })
  await keepScreenshot(page, testInfo, '1-cli-change-appears')
})

