import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTempVaultApi } from '../../../test/helpers/temp-vault-api.js'
import { isMeVaultError } from '../../shared/errors.js'
import { startServer, type RunningServer } from '../../server/index.js'
import { createHttpApi, type Fetch } from './http-api.js'

let server: RunningServer
let rendererDir: string
let session: string

beforeAll(async () => {
  rendererDir = await mkdtemp(path.join(tmpdir(), 'mevault-http-api-'))
  await writeFile(path.join(rendererDir, 'index.html'), '<title>MeVault</title>')
  server = await startServer({ api: createTempVaultApi(), rendererDir })
  // Open the printed address once, as the browser does, and keep the session cookie it sets.
  const entry = await fetch(server.url, { redirect: 'manual' })
  session = entry.headers.getSetCookie()[0]!.split(';')[0]!
})
afterAll(async () => {
  await server.close()
  await rm(rendererDir, { recursive: true, force: true })
})

/** What the browser adds by itself on our page: its Origin and the session cookie. */
const asOurPage = (cookie: string): Fetch => (url, init) =>
  fetch(url, {
    ...init,
    headers: { ...(init.headers as Record<string, string>), Origin: `http://127.0.0.1:${server.port}`, Cookie: cookie }
  })

describe('the renderer API over `mevault serve`', () => {
  it('returns results and re-throws failures as MeVaultError with their code', async () => {
    const api = createHttpApi(asOurPage(session), server.appUrl)
    expect(await api['vault.state']()).toEqual({ exists: false, unlocked: false })
    await api['vault.create']({ passphrase: 'correct horse battery' })
    const field = await api['fields.set']({ path: 'contact.email', value: 'ada@example.org' })
    expect(field.tier).toBe('private')
    await api['vault.lock']()
    const locked = await api['fields.list']().catch((e: unknown) => e)
    expect(isMeVaultError(locked, 'LOCKED')).toBe(true)
    const wrong = await api['vault.unlock']({ passphrase: 'nope' }).catch((e: unknown) => e)
    expect(isMeVaultError(wrong, 'WRONG_CREDENTIALS')).toBe(true)
    const bad = await api['fields.get']({ path: 'nodot' }).catch((e: unknown) => e)
    expect(isMeVaultError(bad, 'BAD_INPUT')).toBe(true)
  })

  it('reports a refused session as a plain error that says what to do', async () => {
    const api = createHttpApi(asOurPage('mevault-session=not-the-session'), server.appUrl)
    const error = await api['vault.state']().catch((e: unknown) => e)
    expect(isMeVaultError(error)).toBe(false)
    expect((error as Error).message).toContain('open the address that `mevault serve` printed')
  })
})
