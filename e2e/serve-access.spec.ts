/**
 * `mevault serve` seen from outside: what the browser keeps and sends, what the printed address is
 * good for, and what is left when the command that started the server goes away.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, type IncomingHttpHeaders } from 'node:http'
import { connect, type AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { BIN } from '../test/helpers/cli-process.js'
import { expect, keepScreenshot, test } from './support/fixtures.js'

/** Another web server on 127.0.0.1, as a developer has a few: it keeps the headers of every request. */
async function startOtherLocalServer() {
  const requests: { path: string; headers: IncomingHttpHeaders }[] = []
  const server = createServer((req, res) => {
    requests.push({ path: req.url ?? '', headers: req.headers })
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end('<!doctype html><title>Another local app</title>')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve()))
  }
}

test('the session cookie of mevault serve never reaches another web server on 127.0.0.1', async ({ page, serve }) => {
  const other = await startOtherLocalServer()
  try {
    await page.goto(serve.url)
    await expect(page.getByRole('heading', { name: 'Create your vault' })).toBeVisible()

    for (const where of ['/', '/index.html', '/api/vault.state']) {
      await page.goto(other.origin + where)
      await expect(page).toHaveTitle('Another local app')
    }
    // Its pages, and what they load by themselves (the browser asks for /favicon.ico too).
    expect(other.requests.map((request) => request.path)).toEqual(expect.arrayContaining(['/', '/index.html', '/api/vault.state']))
    expect(other.requests.filter((request) => /mevault/i.test(request.headers.cookie ?? ''))).toEqual([])

    // Not because the browser has no cookie: it has one, for the app's own random path only.
    expect(await page.context().cookies()).toEqual([
      expect.objectContaining({
        name: 'mevault-session',
        domain: '127.0.0.1',
        path: new URL(serve.appUrl).pathname,
        httpOnly: true,
        sameSite: 'Strict',
        expires: -1
      })
    ])
  } finally {
    await other.close()
  }
})

test('the printed address signs in once, and the address bar never keeps the token', async ({ page, browser, serve }, testInfo) => {
  const token = new URL(serve.url).searchParams.get('token')!
  await page.goto(serve.url)
  await expect(page.getByRole('heading', { name: 'Create your vault' })).toBeVisible()
  expect(page.url()).toBe(serve.appUrl)
  expect(page.url()).not.toContain(token)

  // The same address again, from another browser profile (a copy, or the history synced elsewhere).
  const elsewhere = await browser.newContext()
  try {
    const second = await elsewhere.newPage()
    const response = await second.goto(serve.url)
    expect(response?.status()).toBe(410)
    await expect(second.locator('body')).toContainText('this address was already used. It signs in only once')
    await expect(second.locator('body')).toContainText('If you did not open it yourself, stop `mevault serve` now.')
    expect(await elsewhere.cookies()).toEqual([])
    await keepScreenshot(second, testInfo, 'address-used-twice')
  } finally {
    await elsewhere.close()
  }

  // The browser that signed in is only sent on to the app, without the token.
  await page.goto(serve.url)
  await expect(page).toHaveURL(serve.appUrl)
  await expect(page.getByRole('heading', { name: 'Create your vault' })).toBeVisible()
})

test('mevault serve stops when the command that started it is killed, as `npx mevault serve` is', async () => {
  test.setTimeout(120_000)
  const root = mkdtempSync(path.join(tmpdir(), 'mevault-e2e-parent-'))
  const env = { ...process.env, MEVAULT_HOME: path.join(root, 'vault'), MEVAULT_KEY_FILE: path.join(root, 'keys', 'secret-key.json') }
  // Like npm: a Node parent that runs the server with the same output and does not pass signals on.
  const parentScript =
    "const c = require('node:child_process').spawn(process.execPath, process.argv.slice(1), { stdio: 'inherit' });" +
    "console.log('server pid ' + c.pid)"
  const parent = spawn(process.execPath, ['-e', parentScript, BIN, 'serve'], { env, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  parent.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
  parent.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  // The pipe closes when its last writer is gone: the parent and then the server itself.
  let serverGone = false
  const outputClosed = new Promise<void>((resolve) =>
    parent.stdout.once('close', () => {
      serverGone = true
      resolve()
    })
  )
  const parentExited = new Promise<void>((resolve) => parent.once('exit', () => resolve()))
  let serverPid = 0
  try {
    await expect.poll(() => /MeVault is at (\S+)/.test(output) && /server pid \d+/.test(output), { timeout: 60_000 }).toBe(true)
    serverPid = Number(/server pid (\d+)/.exec(output)![1])
    const port = Number(new URL(/MeVault is at (\S+)/.exec(output)![1]!).port)

    parent.kill('SIGTERM')
    await parentExited
    const stillRunning = new Promise<'still running'>((resolve) => setTimeout(() => resolve('still running'), 30_000).unref())
    expect(await Promise.race([outputClosed.then(() => 'stopped'), stillRunning]), 'mevault serve outlived its parent').toBe('stopped')

    const refused = await new Promise<string>((resolve) => {
      const socket = connect(port, '127.0.0.1')
      socket.once('connect', () => {
        socket.destroy()
        resolve('connected')
      })
      socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'))
    })
    expect(refused).toBe('ECONNREFUSED')
  } finally {
    if (parent.exitCode === null) parent.kill('SIGKILL')
    // Only while its output is still open: once it has exited, its pid may belong to another process.
    if (serverPid > 0 && !serverGone) killIfAlive(serverPid)
    rmSync(root, { recursive: true, force: true })
  }
})

function killIfAlive(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL')
  } catch {
    // already gone, as it should be
  }
}
