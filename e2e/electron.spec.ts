import { _electron as electron, expect, test, type ElectronApplication } from '@playwright/test'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { METHOD_NAMES } from '../src/shared/api.js'
import { installedElectronBinary } from './support/electron-binary.js'
import { keepScreenshot } from './support/fixtures.js'
import { addField, confirmRecoveryKitSaved, createVault, fieldRow, lock, openSection, setTier, unlock } from './support/vault-flow.js'

const binary = installedElectronBinary()
test.skip(
  binary === null,
  'No Electron binary here (node_modules/electron/dist is missing, e.g. installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1): ' +
    'the Electron specs run where one is installed.'
)

let app: ElectronApplication
let home: string

test.beforeEach(async () => {
  home = await mkdtemp(path.join(tmpdir(), 'mevault-electron-'))
  app = await electron.launch({
    executablePath: binary ?? undefined,
    args: [...(process.platform === 'linux' && process.getuid?.() === 0 ? ['--no-sandbox'] : []), 'out/main/index.js'],
    env: {
      ...process.env,
      MEVAULT_HOME: path.join(home, 'vault'),
      MEVAULT_KEY_FILE: path.join(home, 'keys', 'secret-key')
    }
  })
})

test.afterEach(async () => {
  await app?.close()
  await rm(home, { recursive: true, force: true })
})

test('the window is locked down and the page sees exactly the typed API', async () => {
  const page = await app.firstWindow()
  const exposed = await page.evaluate(() => ({
    api: Object.keys(window.mevault ?? {}).sort(),
    events: Object.keys(window.mevaultEvents ?? {}),
    require: typeof (window as unknown as { require?: unknown }).require,
    process: typeof (window as unknown as { process?: unknown }).process
  }))
  // The window options themselves are checked by the unit tests of buildWindowOptions; here, what the page can see.
  expect(exposed).toEqual({ api: [...METHOD_NAMES].sort(), events: ['onChange'], require: 'undefined', process: 'undefined' })
  expect(page.url()).toBe('mevault-app://renderer/index.html')
  // Navigation is refused: the page stays on our renderer.
  const before = page.url()
  await page.evaluate(() => window.location.assign('https://example.org/'))
  await page.waitForTimeout(300)
  expect(page.url()).toBe(before)
})

test('in Electron: create a vault, lock, unlock, add fields, change a tier, search', async () => {
  const testInfo = test.info()
  const page = await app.firstWindow()
  const passphrase = 'correct horse battery staple'
  await createVault(page, passphrase)
  await keepScreenshot(page, testInfo, 'electron-recovery-kit')
  await confirmRecoveryKitSaved(page)
  await lock(page)
  await unlock(page, 'not my passphrase')
  await expect(page.getByRole('alert')).toContainText('That passphrase does not open this vault')
  await unlock(page, passphrase)
  await addField(page, { record: 'identity', name: 'name', value: 'Zoë Ångström' })
  await addField(page, { record: 'contact', name: 'email', value: 'zoe@example.org', tier: 'public' })
  await setTier(page, 'identity.name', 'restricted')
  await expect(fieldRow(page, 'identity.name')).toContainText('Restricted')
  await page.getByLabel('Search fields').fill('angstrom')
  await expect(fieldRow(page, 'identity.name')).toBeVisible()
  await expect(fieldRow(page, 'contact.email')).toHaveCount(0)
  await keepScreenshot(page, testInfo, 'electron-vault')

  // Devices: this device is listed; pairing shows a code and its QR code (drawn as SVG under the strict CSP).
  await openSection(page, 'Devices')
  await expect(page.getByRole('list', { name: 'Devices of this vault' }).getByRole('listitem')).toHaveCount(1)
  await page.getByRole('button', { name: 'Pair a new device' }).click()
  await expect(page.getByRole('textbox', { name: 'Invitation code' })).toHaveValue(/^mv1-/)
  await expect(page.getByRole('img', { name: 'QR code to scan on the new machine' })).toBeVisible()
  await expect(page.getByRole('status').filter({ hasText: /Syncing on 127\.0\.0\.1:\d+/ })).toBeVisible()
  await keepScreenshot(page, testInfo, 'electron-devices-pairing')
  await page.getByRole('button', { name: 'Cancel invitation' }).click()
  await expect(page.getByRole('textbox', { name: 'Invitation code' })).toHaveCount(0)
})

test('in Electron: the vault runs in its own utility process, which locking ends', async () => {
  const page = await app.firstWindow()
  /** The app's utility processes named as the engine (src/main/engine/utility-engine.ts names it). */
  const engines = () =>
    app.evaluate(({ app: electronApp }) => electronApp.getAppMetrics().filter((p) => p.type === 'Utility' && p.name === 'MeVault engine').length)
  expect(await engines()).toBe(0) // nothing runs before the vault is opened
  await createVault(page, 'correct horse battery staple')
  await confirmRecoveryKitSaved(page)
  expect(await engines()).toBe(1)
  await lock(page)
  await expect.poll(engines).toBe(0)
  await unlock(page, 'correct horse battery staple')
  await expect(page.getByRole('heading', { name: 'Vault', exact: true })).toBeVisible()
  expect(await engines()).toBe(1)
})
