/**
 * A requester's site as a company runs it (`mevault requester serve` over HTTPS with a certificate
 * from the test's CA), and a Chromium that trusts exactly that certificate and finds the company's
 * name on 127.0.0.1: for the specs that open the site's pages.
 */
import { type Browser, chromium } from '@playwright/test'
import { spawn } from 'node:child_process'
import { createHash, createPublicKey } from 'node:crypto'
import path from 'node:path'
import { BIN } from '../../test/helpers/cli-process.js'
import type { TestCa } from '../../test/helpers/test-ca.js'

export interface RunningSite {
  stop(): Promise<void>
}

/** Starts `mevault requester serve --dir DIR` with the CA's server certificate; resolves once it listens. */
export async function startRequesterSite(ca: TestCa, dir: string, cwd: string): Promise<RunningSite> {
  const site = spawn(process.execPath, [BIN, 'requester', 'serve', '--dir', dir, '--cert', path.join(ca.dir, 'server.pem'), '--key', path.join(ca.dir, 'server.key')], {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe']
  })
  const exited = new Promise<void>((resolve) => site.once('exit', () => resolve()))
  const stop = async (): Promise<void> => {
    site.kill('SIGTERM')
    await exited
  }
  await new Promise<void>((resolve, reject) => {
    let out = ''
    site.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      if (out.includes('Requester site at')) resolve()
    })
    site.once('exit', (code) => reject(new Error(`requester serve exited (${code})`)))
  }).catch(async (error: unknown) => {
    await stop()
    throw error
  })
  return { stop }
}

/** Debian's Chromium, trusting only this CA's server certificate (by its key) and finding `host` on 127.0.0.1. */
export function chromiumTrusting(ca: TestCa, host: string): Promise<Browser> {
  const spki = createHash('sha256').update(createPublicKey(ca.cert).export({ type: 'spki', format: 'der' })).digest('base64')
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', `--host-resolver-rules=MAP ${host} 127.0.0.1`, `--ignore-certificate-errors-spki-list=${spki}`]
  })
}
