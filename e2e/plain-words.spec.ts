/**
 * Issue 15, finding 7: the app speaks to a person, not in the CLI's words or the core's internals.
 * An answer's outcome is read as words; a request answered meanwhile (here by the CLI) is offered
 * "Answer again" instead of "--again"; a device that does not answer is described without naming a
 * command; pairing points to the other computer's Join screen.
 */
import { execFile } from 'node:child_process'
import path from 'node:path'
import { promisify } from 'node:util'
import { freePort } from '../test/helpers/free-port.js'
import { fillVault } from './support/filled-vault.js'
import { expect, keepScreenshot, test } from './support/fixtures.js'
import { openSection, unlock } from './support/vault-flow.js'

const run = promisify(execFile)
const PASSPHRASE = 'correct horse battery staple'
const NEWSLETTER = path.resolve('resources/requests/newsletter-signup.json')

test('outcomes, repeat answers, unreachable devices and pairing are said in plain words, with a button where a flag was', async ({ page, serve }, testInfo) => {
  await fillVault(serve.env, PASSPHRASE, [
    { path: 'contact.email', value: 'zoe@example.org', tier: 'public' },
    { path: 'identity.first_name', value: 'Zoë', tier: 'restricted' }
  ])
  await page.goto(serve.url)
  await unlock(page, PASSPHRASE)

  // The request is opened here, then answered elsewhere (the CLI, through the same running vault).
  await openSection(page, 'Requests')
  await page.getByLabel('Import a request file').setInputFiles(NEWSLETTER)
  await expect(page.getByRole('heading', { name: /asks for 3 fields/ })).toBeVisible()
  const elsewhere = await run(process.execPath, ['bin/mevault.js', 'request', 'answer', NEWSLETTER, '--deny', '--out', testInfo.outputPath('refusal.jws')], { env: serve.env })
  expect(elsewhere.stdout).toContain('Refused')

  await page.getByRole('checkbox', { name: /Share contact\.email/ }).check()
  await page.getByRole('button', { name: /^Share 1 field/ }).click()
  await expect(page.getByRole('alert')).toContainText('You already answered')
  await expect(page.getByRole('alert')).not.toContainText('--again')
  await page.getByRole('button', { name: 'Answer again' }).click()
  await expect(page.getByRole('heading', { name: 'Signed: contact.email' })).toBeVisible()
  // The inbox says how it went in words, not as "partly-shared".
  const item = page.getByRole('list', { name: 'Imported requests' }).getByRole('listitem').first()
  await expect(item).toContainText('Answered: partly shared')
  await expect(item).not.toContainText('partly-shared')
  await keepScreenshot(page, testInfo, 'answered-again')

  // A device that does not answer: no command in the message.
  await openSection(page, 'Devices')
  await page.getByLabel('Address of the other device (HOST:PORT)').fill(`127.0.0.1:${await freePort()}`)
  await page.getByRole('button', { name: 'Sync now' }).click()
  const failure = page.getByRole('alert').filter({ hasText: 'No MeVault device answered' })
  await expect(failure).toContainText('is MeVault listening for your devices there?')
  await expect(page.getByText('mevault sync serve')).toHaveCount(0)

  // Pairing points to the app on the other computer first.
  await page.getByRole('button', { name: 'Pair a new device' }).click()
  await expect(page.getByText(/choose Join that vault with an invitation code/)).toBeVisible()
  await keepScreenshot(page, testInfo, 'pairing-plain-words')
})
