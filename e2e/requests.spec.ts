import { execFile } from 'node:child_process'
import { readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { promisify } from 'node:util'
import { expect, keepScreenshot, test, watchCspViolations } from './support/fixtures.js'
import { addField, confirmRecoveryKitSaved, createVault, fieldRow, openField, openSection, setTier, unlock } from './support/vault-flow.js'

const PASSPHRASE = 'correct horse battery staple'
const NEWSLETTER = path.resolve('resources/requests/newsletter-signup.json')
const BANK = path.resolve('resources/requests/bank-kyc.json')
const GARDEN_DID = 'did:key:z6MkngWYDKKJ9RLDwc1JGjqV4Yxrhf6GvaPrAMDyJHrKDCkD'
const run = promisify(execFile)

test('through mevault serve: curate the vault, answer a request with a subset, verify the packet, see it in the ledger', async ({
  page,
  serve
}, testInfo) => {
  const cspViolations = watchCspViolations(page)
  await page.goto(serve.url)
  await createVault(page, PASSPHRASE)
  await confirmRecoveryKitSaved(page)
  // The empty vault teaches the next step and opens the add form by itself.
  await expect(page.getByText('Your vault is empty')).toBeVisible()
  await expect(page.getByRole('form', { name: 'Add a field' })).toBeVisible()
  await keepScreenshot(page, testInfo, 'vault-empty')

  // Fields in all three tiers, with inputs that fit their type.
  await page.getByLabel('Type').selectOption('email')
  await expect(page.getByLabel('Value', { exact: true })).toHaveAttribute('type', 'email')
  await addField(page, { record: 'contact', name: 'email', value: 'zoe@example.org', type: 'email', tier: 'public' })
  await addField(page, { record: 'identity', name: 'first_name', value: 'Zoë' })
  await addField(page, { record: 'preferences', name: 'language', value: 'en', tier: 'public' })
  await addField(page, { record: 'health', name: 'blood_type', value: 'AB-' })
  await addField(page, { record: 'finance', name: 'salary', value: '4200 EUR', type: 'money', tier: 'restricted' })
  const byTier = page.getByRole('list', { name: 'Fields by tier' })
  await expect(byTier).toContainText('2Private')
  await expect(byTier).toContainText('1Restricted')
  await expect(byTier).toContainText('2Public')

  // One click moves a field to another tier.
  await setTier(page, 'identity.first_name', 'restricted')
  await expect(fieldRow(page, 'identity.first_name')).toContainText('Restricted')
  await expect(byTier).toContainText('2Restricted')

  // The tier picture filters the list.
  await byTier.getByRole('button', { name: /Private/ }).click()
  await expect(page.getByRole('list', { name: 'Fields', exact: true }).locator('[data-path]')).toHaveCount(1)
  await expect(fieldRow(page, 'health.blood_type')).toBeVisible()
  await keepScreenshot(page, testInfo, 'vault-filtered-private')
  await byTier.getByRole('button', { name: /Private/ }).click()

  // Ctrl+F finds a field.
  await page.locator('body').click({ position: { x: 5, y: 400 } })
  await page.keyboard.press('Control+f')
  await expect(page.getByLabel('Search fields')).toBeFocused()
  await page.keyboard.type('garden')
  await expect(page.getByText('No field matches your search.')).toBeVisible()
  await page.getByLabel('Search fields').fill('ZOE')
  await expect(page.getByRole('list', { name: 'Fields', exact: true }).locator('[data-path]')).toHaveCount(2)
  await page.getByLabel('Search fields').fill('')

  // Details: a money field edits as amount + currency; an edit lands in the history and can be undone.
  await openField(page, 'finance.salary')
  await expect(page.getByRole('group', { name: 'Value of finance.salary' }).getByLabel('Currency')).toHaveValue('EUR')
  await openField(page, 'contact.email')
  const value = page.getByLabel('Value of contact.email')
  await expect(value).toHaveAttribute('type', 'email')
  await value.fill('zoe@garden.example')
  await page.getByRole('button', { name: 'Save', exact: true }).click()
  await expect(fieldRow(page, 'contact.email')).toContainText('zoe@garden.example')
  const history = page.getByRole('list', { name: 'History of contact.email' })
  await expect(history.getByRole('listitem')).toHaveCount(2)
  await keepScreenshot(page, testInfo, 'vault-details-history')
  await page.getByRole('button', { name: 'Restore version 1 of contact.email' }).click()
  await expect(fieldRow(page, 'contact.email')).toContainText('zoe@example.org')
  // Delete asks first.
  await openField(page, 'health.blood_type')
  await page.getByRole('button', { name: 'Delete…' }).click()
  await page.getByRole('group', { name: 'Confirm deletion' }).getByRole('button', { name: 'Delete' }).click()
  await expect(fieldRow(page, 'health.blood_type')).toHaveCount(0)
  await expect(byTier).toContainText('0Private')
  await keepScreenshot(page, testInfo, 'vault-fields')

  // Settings: the standing policy decides what starts pre-approved.
  await openSection(page, 'Settings')
  await page.getByLabel(/Share public fields/).check()
  await expect(page.getByLabel('Public fields', { exact: true })).toHaveValue('share')
  await keepScreenshot(page, testInfo, 'settings')

  // Requests: import the newsletter request; only public fields start approved.
  await openSection(page, 'Requests')
  await expect(page.getByText('No requests yet.')).toBeVisible()
  await keepScreenshot(page, testInfo, 'requests-empty')
  await page.getByLabel('Import a request file').setInputFiles(NEWSLETTER)
  await expect(page.getByRole('heading', { name: 'The Weekly Garden asks for 3 fields' })).toBeVisible()
  await expect(page.getByText('Not signed.')).toBeVisible()
  await expect(page.getByText('1 year', { exact: true })).toBeVisible()
  const email = page.getByRole('checkbox', { name: /Share contact\.email/ })
  const firstName = page.getByRole('checkbox', { name: /Share identity\.first_name/ })
  const language = page.getByRole('checkbox', { name: /Share preferences\.language/ })
  await expect(email).toBeChecked()
  await expect(language).toBeChecked()
  await expect(firstName).not.toBeChecked()
  await expect(page.locator('.consent-line[data-path="identity.first_name"]')).toContainText('Restricted')
  await expect(page.locator('.consent-line[data-path="identity.first_name"]')).toContainText('Zoë')
  await keepScreenshot(page, testInfo, 'consent')

  // Approve a subset: the email and the first name, not the language.
  await language.uncheck()
  await firstName.check()
  await page.getByRole('button', { name: 'Share 2 fields' }).click()
  await expect(page.getByRole('heading', { name: 'Signed: contact.email, identity.first_name' })).toBeVisible()
  const downloading = page.waitForEvent('download')
  await page.getByRole('link', { name: /Save the answer/ }).click()
  const download = await downloading
  expect(download.suggestedFilename()).toMatch(/^mevault-answer-the-weekly-garden-\d{4}-\d{2}-\d{2}\.jws$/)
  const packetFile = testInfo.outputPath(download.suggestedFilename())
  await download.saveAs(packetFile)
  await keepScreenshot(page, testInfo, 'answer-saved')

  // The recipient's check, by the CLI: signature, request hash, nonce, audience, and exactly the two claims.
  const verified = await run(process.execPath, ['bin/mevault.js', 'packet', 'verify', packetFile, '--request', NEWSLETTER], {
    env: serve.env
  })
  expect(verified.stdout).toContain('Valid packet from did:key:')
  expect(verified.stdout).toContain('2 claim(s): contact.email, identity.first_name')

  // A request file dropped on the window opens in the inbox; refuse it.
  await openSection(page, 'Vault')
  await dropFile(page, BANK, 'bank-kyc.json')
  await expect(page.getByRole('heading', { name: /asks for 9 fields/ })).toBeVisible()
  await expect(page.getByRole('list', { name: 'Imported requests' }).getByRole('listitem')).toHaveCount(2)
  await page.getByRole('button', { name: 'Refuse' }).click()
  await expect(page.getByRole('heading', { name: 'You refused this request' })).toBeVisible()

  // The ledger shows who has what, by requester and by field.
  await openSection(page, 'Ledger')
  const garden = page.locator('.ledger-entry[data-requester="The Weekly Garden"]')
  await expect(garden).toContainText('Partly shared')
  await expect(garden.getByRole('list', { name: 'Shared with The Weekly Garden' })).toHaveText(/contact\.email.*identity\.first_name/)
  await expect(garden).toContainText('Not shared: preferences.language')
  await expect(page.locator('.ledger-entry', { hasText: 'Refused' })).toHaveCount(1)
  await keepScreenshot(page, testInfo, 'ledger-by-requester')
  await page.getByRole('button', { name: 'By field' }).click()
  await expect(page.getByRole('list', { name: 'Answers by field' })).toContainText('identity.first_name')
  await keepScreenshot(page, testInfo, 'ledger-by-field')
  await page.getByRole('button', { name: 'By requester' }).click()
  await garden.getByRole('button', { name: 'Withdraw consent given to The Weekly Garden' }).click()
  await expect(garden).toContainText('consent withdrawn')
  await expect(garden.getByRole('link', { name: 'Save the withdrawal notice' })).toBeVisible()

  await openSection(page, 'Devices')
  await keepScreenshot(page, testInfo, 'devices')

  // Ctrl+L locks; after unlocking, the ledger still holds the answers.
  await page.keyboard.press('Control+l')
  await expect(page.getByRole('heading', { name: 'Unlock MeVault' })).toBeVisible()
  await keepScreenshot(page, testInfo, 'locked')
  await unlock(page, PASSPHRASE)
  await expect(page.getByRole('heading', { name: 'Vault', exact: true })).toBeVisible()
  await openSection(page, 'Ledger')
  await expect(page.locator('.ledger-entry')).toHaveCount(2)

  // The theme follows the system's light or dark setting.
  await page.emulateMedia({ colorScheme: 'dark' })
  await openSection(page, 'Vault')
  await expect(page.locator('body')).toHaveCSS('background-color', 'rgb(15, 20, 27)')
  await keepScreenshot(page, testInfo, 'vault-dark')

  expect(cspViolations).toEqual([])
})

test('keeps a vault of 10,000 fields responsive: only a screenful of rows is in the page', async ({ page, serve }, testInfo) => {
  test.setTimeout(180_000)
  await page.goto(serve.url)
  await createVault(page, PASSPHRASE)
  await confirmRecoveryKitSaved(page)
  // Fill through the same API the page uses (the HTTP transport with the page's cookie), as an
  // import does: 1,000 fields per call, each call one durable change.
  await page.evaluate(async () => {
    for (let start = 0; start < 10_000; start += 1_000) {
      const fields = Array.from({ length: 1_000 }, (_, i) => ({ path: `bulk${Math.floor((start + i) / 100)}.f${start + i}`, value: `value ${start + i}` }))
      // Relative: the API lives under this run's random path, beside the page.
      const response = await fetch(`api/fields.setMany`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ fields }) })
      if (!response.ok) throw new Error(`fields.setMany answered ${response.status}`)
    }
  })
  await page.reload()
  const rows = page.getByRole('list', { name: 'Fields', exact: true }).getByRole('listitem')
  await expect(page.getByText('10000 of 10000 fields')).toBeVisible({ timeout: 30_000 })
  expect(await rows.count()).toBeLessThan(60)
  await expect(rows.first()).toHaveAttribute('aria-setsize', '10100') // and a header for each of the 100 records
  // The keyboard walks the list and End jumps to the last field.
  await page.locator('.row-main').first().focus() // the first row is its record's header
  await page.keyboard.press('End')
  await expect(page.getByRole('list', { name: 'Fields', exact: true }).locator('[aria-posinset="10100"]')).toBeVisible()
  await keepScreenshot(page, testInfo, 'vault-10k')
})

test('a requester rule set in Settings after answering becomes the suggestion for their next request; a keyed request is answered sealed', async ({
  page,
  serve
}, testInfo) => {
  const cspViolations = watchCspViolations(page)
  await page.goto(serve.url)
  await createVault(page, PASSPHRASE)
  await confirmRecoveryKitSaved(page)
  await addField(page, { record: 'contact', name: 'email', value: 'zoe@example.org', type: 'email', tier: 'public' })
  await addField(page, { record: 'identity', name: 'first_name', value: 'Zoë', tier: 'restricted' })

  // One tier rule at a time: public fields pre-approved; restricted ones can never be.
  await openSection(page, 'Settings')
  await expect(page.getByText('No requester has a rule of their own')).toBeVisible()
  await expect(page.getByLabel('Restricted fields', { exact: true }).locator('option')).toHaveText(['Ask me', 'Suggest not sharing'])
  await page.getByLabel('Public fields', { exact: true }).selectOption('share')
  await expect(page.getByLabel('Share public fields')).toBeChecked()

  // Answer The Weekly Garden once: the email starts approved.
  await openSection(page, 'Requests')
  await page.getByLabel('Import a request file').setInputFiles(NEWSLETTER)
  await expect(page.getByText('The Weekly Garden gave no key to seal the answer to: it will be signed but readable')).toBeVisible()
  await expect(page.getByRole('checkbox', { name: /Share contact\.email/ })).toBeChecked()
  await page.getByRole('button', { name: 'Share 1 field' }).click()
  await expect(page.getByRole('heading', { name: 'Signed: contact.email' })).toBeVisible()

  // Settings: block them, picked by name from the ledger (no did:key to paste).
  await openSection(page, 'Settings')
  const add = page.getByRole('form', { name: 'Add a requester rule' })
  await expect(add.getByLabel('Requester')).toHaveValue(GARDEN_DID)
  await add.getByLabel('Rule').selectOption('block')
  await add.getByRole('button', { name: 'Add the rule' }).click()
  const rule = page.getByRole('combobox', { name: /^Rule for The Weekly Garden \(did:key:z6MkngWY…rKDCkD\)$/ })
  await expect(rule).toHaveValue('block')
  // Pasting is the fallback, and a wrong paste says what a did:key looks like.
  await expect(add.getByLabel('Requester')).toHaveValue('other')
  await add.getByLabel('Their did:key').fill('The Weekly Garden')
  await add.getByRole('button', { name: 'Add the rule' }).click()
  await expect(add.getByRole('alert')).toContainText('That is not a did:key')
  await keepScreenshot(page, testInfo, 'settings-requester-rules')

  // Their next request: nothing starts approved, and the screen says why.
  await openSection(page, 'Requests')
  await page.getByLabel('Import a request file').setInputFiles(await secondNewsletter(testInfo))
  await expect(page.getByRole('heading', { name: 'The Weekly Garden asks for 3 fields' })).toBeVisible()
  const email = page.getByRole('checkbox', { name: /Share contact\.email/ })
  await expect(email).not.toBeChecked()
  await expect(page.locator('.consent-line[data-path="contact.email"]')).toContainText('Your policy would not share this')
  await expect(page.locator('.consent-line[data-path="contact.email"] [title="you blocked this requester"]')).toBeVisible()
  const shortcuts = page.getByRole('group', { name: 'Your rule for The Weekly Garden' })
  await expect(shortcuts.getByRole('button', { name: 'Block' })).toHaveAttribute('aria-pressed', 'true')
  await keepScreenshot(page, testInfo, 'consent-blocked-requester')
  // The consent screen's own shortcut: "always ask" puts the question back to the person.
  await shortcuts.getByRole('button', { name: 'Always ask' }).click()
  await expect(shortcuts.getByRole('button', { name: 'Always ask' })).toHaveAttribute('aria-pressed', 'true')
  await expect(page.locator('.consent-line[data-path="contact.email"]')).toContainText('Your policy asks you')
  await expect(shortcuts).toContainText('“Always allow” only pre-approves requests The Weekly Garden has signed')
  await openSection(page, 'Settings')
  await expect(rule).toHaveValue('ask')

  // A request with a sealing key: the screen says so before anything is sent, and the file is the sealed envelope.
  // The bank asks by claim: contact.email answers for "Email" once the person says it is their email.
  await openSection(page, 'Vault')
  await openField(page, 'contact.email')
  await page.getByRole('region', { name: 'email', exact: true }).getByRole('button', { name: 'Use it for “Email”' }).click()
  await openSection(page, 'Requests')
  await page.getByLabel('Import a request file').setInputFiles(BANK)
  await expect(page.getByText('Nordbank Savings asked for a sealed answer: it will be encrypted to their key, so only they can open it.')).toBeVisible()
  await page.getByRole('checkbox', { name: /Share Email/ }).check()
  await page.getByRole('button', { name: 'Share 1 field' }).click()
  await expect(page.getByText('It is sealed to the key Nordbank Savings gave: only they can open it.')).toBeVisible()
  const downloading = page.waitForEvent('download')
  await page.getByRole('link', { name: /Save the answer/ }).click()
  const download = await downloading
  expect(download.suggestedFilename()).toMatch(/^mevault-answer-nordbank-savings-\d{4}-\d{2}-\d{2}\.sealed\.json$/)
  const sealedFile = testInfo.outputPath(download.suggestedFilename())
  await download.saveAs(sealedFile)
  const envelope = JSON.parse(await readFile(sealedFile, 'utf8')) as { type: string }
  expect(envelope.type).toBe('mevault.sealed-packet/1')
  expect(JSON.stringify(envelope)).not.toContain('zoe@example.org')
  await keepScreenshot(page, testInfo, 'answer-sealed')

  expect(cspViolations).toEqual([])
})

/** The same newsletter again, as a new request (its own id and nonce). */
async function secondNewsletter(testInfo: import('@playwright/test').TestInfo): Promise<string> {
  const request = JSON.parse(await readFile(NEWSLETTER, 'utf8')) as { id: string; nonce: string }
  const file = testInfo.outputPath('newsletter-second.json')
  await writeFile(file, JSON.stringify({ ...request, id: 'urn:uuid:0d8e3a52-8b7c-4f5e-9a61-2c4d6e8f0a13', nonce: 'Zr4t9Qm2Lx7Vb1Nc5Hp8Ka' }))
  return file
}

/** What a drag of a file from the desktop delivers: a drop event carrying the file. */
async function dropFile(page: import('@playwright/test').Page, file: string, name: string): Promise<void> {
  const text = await readFile(file, 'utf8')
  const transfer = await page.evaluateHandle(
    ([content, fileName]) => {
      const data = new DataTransfer()
      data.items.add(new File([content], fileName, { type: 'application/json' }))
      return data
    },
    [text, name] as const
  )
  await page.dispatchEvent('main', 'drop', { dataTransfer: transfer })
}

test('locks by itself after the auto-lock delay without use', async ({ page, serve }, testInfo) => {
  await page.clock.install()
  await page.goto(serve.url)
  await createVault(page, PASSPHRASE)
  await confirmRecoveryKitSaved(page)
  await openSection(page, 'Settings')
  await page.getByLabel('Lock the vault after').selectOption('1')
  await keepScreenshot(page, testInfo, 'settings-auto-lock')
  await page.clock.fastForward('00:50')
  await expect(page.getByRole('heading', { name: 'Settings', exact: true })).toBeVisible()
  await page.clock.fastForward('00:20')
  await expect(page.getByRole('heading', { name: 'Unlock MeVault' })).toBeVisible()
})
