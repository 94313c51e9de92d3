/**
 * The requester's site (`mevault requester serve`) in Chromium, over HTTPS as nordbank.example.com:
 * the page shows the request as a mevault:// link and as a QR code of that very link.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import QRCode from 'qrcode'
import { BIN } from '../test/helpers/cli-process.js'
import { freePort } from '../test/helpers/free-port.js'
import { makeTestCa } from '../test/helpers/test-ca.js'
import { expect, keepScreenshot, test, watchCspViolations } from './support/fixtures.js'
import { chromiumTrusting, startRequesterSite } from './support/requester-site.js'

const HOST = 'nordbank.example.com'


/** The dark modules of a QR code as the site draws them: "M{x} {y}h1v1h-1z" per module, 4 modules of quiet zone. */
function qrPath(text: string): string {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' })
  let d = ''
  for (let row = 0; row < modules.size; row += 1) {
    for (let column = 0; column < modules.size; column += 1) if (modules.get(row, column)) d += `M${column + 4} ${row + 4}h1v1h-1z`
  }
  return d
}

// eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring form; this test starts its own browser
test('the requester site shows the request as a mevault:// link and a QR code of it', async ({}, testInfo) => {
  const ca = makeTestCa([HOST])
  const root = mkdtempSync(path.join(tmpdir(), 'mevault-e2e-requester-'))
  const port = await freePort()
  const origin = `https://${HOST}:${port}`
  const run = (args: string[]) => spawnSync(process.execPath, [BIN, ...args], { cwd: root, encoding: 'utf8' })
  const dir = path.join(root, 'nordbank')
  expect(run(['requester', 'init', '--name', 'Nordbank Savings', '--url', origin, '--out', dir]).status).toBe(0)
  const made = run([
    'requester', 'request', '--dir', dir, '--claims', 'given_name,birthdate', '--optional', 'email', '--purpose', 'Open a savings account',
    '--retention', 'P30D', '--response-uri', `${origin}/answers`, '--out', path.join(root, 'kyc.jws'), '--json'
  ])
  expect(made.status).toBe(0)
  const { sha256 } = JSON.parse(made.stdout) as { sha256: string }
  const site = await startRequesterSite(ca, dir, root)
  // Chromium trusts exactly this test's certificate (by its key) and finds the name on 127.0.0.1.
  const browser = await chromiumTrusting(ca, HOST)
  try {
    const page = await browser.newPage()
    const violations = watchCspViolations(page)
    await page.goto(`${origin}/`)
    await expect(page.getByRole('heading', { name: 'Nordbank Savings', level: 1 })).toBeVisible()
    await expect(page.getByText(`Data requests of ${HOST}:${port}, answered with MeVault.`)).toBeVisible()
    const request = page.getByRole('region', { name: /^Request urn:uuid:/ })
    await expect(request.getByRole('heading', { name: 'Open a savings account' })).toBeVisible()
    await expect(request.getByText('Date of birth')).toBeVisible()
    await expect(request.getByText('Email email (optional)')).toBeVisible()

    const link = `mevault://request?request_uri=${encodeURIComponent(`${origin}/requests/${sha256}.jws`)}`
    const anchor = request.getByRole('link', { name: link })
    await expect(anchor).toBeVisible()
    await expect(anchor).toHaveAttribute('href', link)

    const qr = request.getByRole('img', { name: /QR code of the request link/ })
    await expect(qr).toBeVisible()
    const box = await qr.boundingBox()
    expect(box && box.width > 150 && box.height > 150).toBe(true)
    // The code drawn is the code of that very link.
    expect(await qr.locator('path').getAttribute('d')).toBe(qrPath(link))

    await expect(request.getByRole('link', { name: `${origin}/requests/${sha256}.jws` })).toBeVisible()
    await keepScreenshot(page, testInfo, 'requester-site')
    expect(violations).toEqual([])
  } finally {
    await browser.close()
    await site.stop()
    rmSync(root, { recursive: true, force: true })
    ca.remove()
  }
})
