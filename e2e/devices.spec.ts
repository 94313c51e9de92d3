import { expect, keepScreenshot, test, watchCspViolations } from './support/fixtures.js'
import { secondMachine } from './support/second-machine.js'
import { confirmRecoveryKitSaved, createVault, openSection } from './support/vault-flow.js'

const PASSPHRASE = 'correct horse battery staple'

// Four real `mevault` runs (pairing includes the new machine's passphrase hashing) beside the browser.
test.setTimeout(120_000)

test('through mevault serve: pair a machine with the code, see it sync, revoke it', async ({ page, serve }, testInfo) => {
  const cspViolations = watchCspViolations(page)
  const laptop = secondMachine('another passphrase here')
  try {
    await page.goto(serve.url)
    await createVault(page, PASSPHRASE)
    await confirmRecoveryKitSaved(page)

    await openSection(page, 'Devices')
    const devices = page.getByRole('list', { name: 'Devices of this vault' }).getByRole('listitem')
    await expect(devices).toHaveCount(1)
    await expect(devices.first()).toContainText('This device')
    await expect(devices.first()).toContainText(/Key fingerprint [0-9a-f]{16}/)
    await expect(page.getByText('Not listening', { exact: true })).toBeVisible()
    await keepScreenshot(page, testInfo, '1-devices-only-this-one')

    // Pairing: a code, its QR code, the command for the other machine, and the listener it started.
    await page.getByRole('button', { name: 'Pair a new device' }).click()
    const codeInput = page.getByRole('textbox', { name: 'Invitation code' })
    await expect(codeInput).toHaveValue(/^mv1-[1-9A-HJ-NP-Za-km-z]{40,}$/)
    const code = await codeInput.inputValue()
    const qr = page.getByRole('img', { name: 'QR code to scan on the new machine' })
    await expect(qr).toBeVisible()
    expect(await qr.evaluate((node) => node.tagName.toLowerCase())).toBe('svg')
    await expect(page.getByText(`mevault pair accept ${code}`)).toBeVisible()
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: serve.origin })
    await page.getByRole('button', { name: 'Copy' }).click()
    await expect(page.getByRole('status').filter({ hasText: 'Copied.' })).toBeVisible()
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(code)
    await expect(page.getByText(/^Expires in \d+:\d\d\./)).toBeVisible()
    const listening = page.getByRole('status').filter({ hasText: /Syncing on 127\.0\.0\.1:\d+/ })
    await expect(listening).toBeVisible()
    const address = /127\.0\.0\.1:\d+/.exec((await listening.textContent()) ?? '')![0]
    await keepScreenshot(page, testInfo, '2-pairing-code')

    // On the "other machine": the real CLI joins with the code, then syncs back to this device.
    const joined = await laptop.run(['pair', 'accept', code, '--name', 'e2e laptop'])
    expect(joined.stderr + joined.stdout).toContain('Joined the vault')
    expect(joined.code).toBe(0)
    expect(joined.stdout).toMatch(/First sync: /)

    const laptopRow = devices.filter({ hasText: 'e2e laptop' })
    await expect(laptopRow).toBeVisible()
    await expect(laptopRow).toContainText('Last synced')
    await expect(page.getByText(/e2e laptop joined your vault.*It has synced with this device/)).toBeVisible()
    // Good news looks like good news: the success colours, not the warning ones (issue 15, finding 9).
    const joinedNotice = page.getByRole('status').filter({ hasText: 'e2e laptop joined your vault' })
    const [shown, success] = await joinedNotice.evaluate((notice) => {
      const probe = document.createElement('div')
      probe.style.background = 'var(--public-bg)'
      document.body.append(probe)
      const colour = getComputedStyle(probe).backgroundColor
      probe.remove()
      return [getComputedStyle(notice).backgroundColor, colour]
    })
    expect(shown).toBe(success)

    // Both machines may carry one host name: each can be given a name of the person's own.
    await page.getByRole('button', { name: 'Rename e2e laptop' }).click()
    await page.getByRole('form', { name: 'Rename e2e laptop' }).getByLabel('New name').fill('Work laptop')
    await page.getByRole('button', { name: 'Save name' }).click()
    await expect(page.getByRole('heading', { name: 'Work laptop' })).toBeVisible()
    await expect(page.getByRole('button', { name: 'Rename Work laptop' })).toBeFocused()
    await page.getByRole('button', { name: 'Rename Work laptop' }).click()
    await page.keyboard.press('Escape')
    await expect(page.getByRole('form', { name: 'Rename Work laptop' })).toHaveCount(0)
    await expect(page.getByRole('button', { name: 'Rename Work laptop' })).toBeFocused()
    await expect(page.getByRole('button', { name: 'Rename Work laptop' })).toBeFocused()
    // And back, by keyboard alone: Enter saves.
    await page.keyboard.press('Enter')
    await page.getByRole('form', { name: 'Rename Work laptop' }).getByLabel('New name').fill('e2e laptop')
    await page.keyboard.press('Enter')
    await expect(page.getByRole('heading', { name: 'e2e laptop' })).toBeVisible()
    await expect(page.getByRole('textbox', { name: 'Invitation code' })).toHaveCount(0) // used once, then gone
    await keepScreenshot(page, testInfo, '3-laptop-joined')

    // Sync now with the laptop while it serves: what it wrote arrives here, and the screen says so.
    expect((await laptop.run(['set', 'contact.phone', '+44 20 7946 0000'])).code).toBe(0)
    const serving = laptop.start(['sync', 'serve'])
    try {
      const [, laptopAddress] = await serving.waitFor(/Syncing with paired devices on (\S+) /)
      await page.getByLabel('Address of the other device (HOST:PORT)').fill(laptopAddress!)
      await page.getByRole('button', { name: 'Sync now' }).click()
      await expect(page.getByRole('status').filter({ hasText: /^Synced with 127/ })).toHaveText(
        `Synced with ${laptopAddress}: 1 record added, 1 field added.`
      )
    } finally {
      await serving.stop()
    }
    await keepScreenshot(page, testInfo, '4-synced-now')

    // Revoking asks first, and says what it does.
    await laptopRow.getByRole('button', { name: 'Revoke e2e laptop' }).click()
    const dialog = page.getByRole('dialog', { name: 'Revoke e2e laptop?' })
    await expect(dialog).toBeVisible()
    await expect(dialog).toContainText('can no longer sync with this device')
    await expect(dialog).toContainText('new key')
    await keepScreenshot(page, testInfo, '5-revoke-dialog')
    await page.keyboard.press('Escape')
    await expect(dialog).toHaveCount(0)
    await expect(laptopRow).not.toContainText('Revoked')
    // Focus goes back where it came from (issue 15, finding 12), not to the page's body.
    await expect(laptopRow.getByRole('button', { name: 'Revoke e2e laptop' })).toBeFocused()
    await laptopRow.getByRole('button', { name: 'Revoke e2e laptop' }).click()
    await dialog.getByRole('button', { name: 'Revoke e2e laptop' }).click()
    await expect(dialog).toHaveCount(0)
    await expect(laptopRow).toContainText('Revoked')
    // Its Revoke button is gone: the focus is on its row, and ↑ moves to this device's (one Tab stop, arrows inside).
    await expect(laptopRow).toBeFocused()
    await page.keyboard.press('ArrowUp')
    await expect(devices.first()).toBeFocused()
    await expect(laptopRow).toHaveClass(/revoked/)
    await expect(laptopRow.getByRole('button', { name: 'Revoke e2e laptop' })).toHaveCount(0)
    await keepScreenshot(page, testInfo, '6-laptop-revoked')

    // The revoked machine is refused from now on (exit 11: the other device refused this one).
    const refused = await laptop.run(['sync', 'now', '--peer', address])
    expect(refused.code).toBe(11)

    // Sync now says clearly what is wrong with an address.
    await page.getByLabel('Address of the other device (HOST:PORT)').fill('my laptop')
    await page.getByRole('button', { name: 'Sync now' }).click()
    await expect(page.getByRole('alert')).toContainText('HOST:PORT')
    await keepScreenshot(page, testInfo, '7-sync-now-error')

    expect(cspViolations).toEqual([])
  } finally {
    laptop.remove()
  }
})

test('through mevault serve: a new computer joins a vault from another machine with its code', async ({ page, serve }, testInfo) => {
  const cspViolations = watchCspViolations(page)
  const desktop = secondMachine('the desktop passphrase')
  try {
    expect((await desktop.run(['init'])).code).toBe(0)
    expect((await desktop.run(['set', 'contact.email', 'ada@example.org', '--tier', 'restricted'])).code).toBe(0)
    const inviting = desktop.start(['pair', 'invite'])
    try {
      const [code] = await inviting.waitFor(/^mv1-\S+$/m)

      await page.goto(serve.url)
      await expect(page.getByRole('heading', { name: 'Create your vault' })).toBeVisible()
      await page.getByRole('button', { name: 'Join that vault with an invitation code' }).click()
      await expect(page.getByRole('heading', { name: 'Join your vault from another computer' })).toBeVisible()
      // A mistyped code is refused with a reason, and nothing is created.
      await page.getByLabel('Invitation code').fill('mv1-typo')
      await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE)
      await page.getByLabel('Confirm passphrase').fill(PASSPHRASE)
      await page.getByRole('button', { name: 'Join vault' }).click()
      await expect(page.getByRole('alert')).toContainText(/invitation code/i)

      await page.getByLabel('Invitation code').fill(code)
      await page.getByLabel("This computer's name (optional)").fill('e2e browser')
      await keepScreenshot(page, testInfo, '1-join-form')
      await page.getByRole('button', { name: 'Join vault' }).click()
      await expect(page.getByRole('heading', { name: 'Save your recovery kit' })).toBeVisible({ timeout: 60_000 })
      await expect(page.getByRole('status').filter({ hasText: 'This computer joined your vault' })).toContainText(
        'First sync: 1 record added, 1 field added.'
      )
      await keepScreenshot(page, testInfo, '2-joined-kit')
      await confirmRecoveryKitSaved(page)
      await expect(page.getByText('ada@example.org')).toBeVisible()
      await openSection(page, 'Devices')
      await expect(page.getByRole('list', { name: 'Devices of this vault' }).getByRole('listitem')).toHaveCount(2)
      await keepScreenshot(page, testInfo, '3-joined-devices')
    } finally {
      await inviting.stop()
    }
    expect(cspViolations).toEqual([])
  } finally {
    desktop.remove()
  }
})
