import { renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { startEngine, type EngineHost } from '../../src/core/engine/host.js'
import { formatSecretKey, newSecretKey } from '../../src/core/crypto/secret-key.js'
import { createVaultService } from '../../src/core/service/index.js'
import type { MeVaultApi } from '../../src/shared/api.js'
import { isMeVaultError, type ErrorCode } from '../../src/shared/errors.js'
import { tempDir } from '../helpers/temp-dir.js'
import { readKitPdf } from './read-kit-pdf.js'

const PASSPHRASE = 'violet harbour cactus lantern'
const hosts: EngineHost[] = []
afterEach(async () => {
  for (const host of hosts.splice(0)) await host['vault.lock']()
})

function place() {
  const root = tempDir('mevault-kit')
  const keyFile = (id: string) => join(root, 'keys', `${id}.json`)
  return { location: { vaultDir: join(root, 'vault'), keyFileFor: keyFile }, keyFile }
}

async function failure(call: Promise<unknown>): Promise<{ code: ErrorCode; message: string }> {
  const error = await call.then(
    () => undefined,
    (thrown: unknown) => thrown
  )
  if (!isMeVaultError(error)) throw new Error(`expected a MeVaultError, got ${String(error)}`)
  return { code: error.code, message: error.message }
}

/** The whole path, the same over the service and over the engine host (`mevault serve`, the app). */
async function missingKeyThenRestored(api: MeVaultApi, keyFile: (id: string) => string): Promise<void> {
  const kit = await api['vault.create']({ passphrase: PASSPHRASE })
  await api['fields.set']({ path: 'contact.email', value: 'ada@example.org' })
  await api['vault.lock']()
  expect(await api['vault.secretKeyStatus']()).toEqual({ onThisDevice: true })

  // The key file goes away: the device says so before any passphrase is tried, and the unlock too.
  renameSync(keyFile(kit.vaultId), `${keyFile(kit.vaultId)}.gone`)
  expect(await api['vault.secretKeyStatus']()).toEqual({ onThisDevice: false })
  expect(await failure(api['vault.unlock']({ passphrase: PASSPHRASE }))).toMatchObject({ code: 'WRONG_CREDENTIALS', message: expect.stringContaining('No secret key') })

  // A typo, and another vault's key, are refused in words, and write nothing.
  expect(await failure(api['vault.restoreKey']({ secretKey: 'MV2-ABCDE' }))).toEqual({
    code: 'BAD_INPUT',
    message: 'Secret key must start with MV1-. A secret key looks like MV1-XXXXX-XXXXX-XXXXX-XXXXX-XXXXX-X, as on your recovery kit'
  })
  expect(await failure(api['vault.restoreKey']({ secretKey: kit.secretKey.slice(0, -3) }))).toMatchObject({ code: 'BAD_INPUT' })
  expect(await failure(api['vault.restoreKey']({ secretKey: formatSecretKey(newSecretKey()) }))).toEqual({
    code: 'WRONG_CREDENTIALS',
    message: `That secret key is not this vault's (vault id ${kit.vaultId}): check it against this vault's recovery kit`
  })
  expect(await api['vault.secretKeyStatus']()).toEqual({ onThisDevice: false })

  // The key as typed from the kit (lower case, spaces for dashes) is kept, and the vault opens.
  await api['vault.restoreKey']({ secretKey: kit.secretKey.toLowerCase().replace(/-/g, ' ') })
  expect(await api['vault.secretKeyStatus']()).toEqual({ onThisDevice: true })
  expect(await failure(api['vault.unlock']({ passphrase: 'not the passphrase' }))).toEqual({ code: 'WRONG_CREDENTIALS', message: 'Wrong passphrase' })
  await api['vault.unlock']({ passphrase: PASSPHRASE })
  expect((await api['fields.get']({ path: 'contact.email' })).value).toBe('ada@example.org')
}

describe("this device's secret key, through the API", () => {
  it('tells a missing key from a wrong passphrase, and takes the key typed from the kit (service)', async () => {
    const { location, keyFile } = place()
    await missingKeyThenRestored(createVaultService(location), keyFile)
  })

  it('does the same through the engine host that `mevault serve` and the app use (SQLite only in its engine)', async () => {
    const { location, keyFile } = place()
    const host = startEngine(location)
    hosts.push(host)
    // Fewer steps: each call on a locked vault starts an engine of its own.
    const kit = await host['vault.create']({ passphrase: PASSPHRASE })
    await host['vault.lock']()
    renameSync(keyFile(kit.vaultId), `${keyFile(kit.vaultId)}.gone`)
    expect(await host['vault.secretKeyStatus']()).toEqual({ onThisDevice: false })
    expect(await failure(host['vault.restoreKey']({ secretKey: formatSecretKey(newSecretKey()) }))).toMatchObject({ code: 'WRONG_CREDENTIALS' })
    await host['vault.restoreKey']({ secretKey: kit.secretKey })
    expect(await host['vault.unlock']({ passphrase: PASSPHRASE })).toMatchObject({ vaultId: kit.vaultId })
  })

  it('calls a key file of another vault "not on this device"', async () => {
    const { location, keyFile } = place()
    const api = createVaultService(location)
    const kit = await api['vault.create']({ passphrase: PASSPHRASE })
    await api['vault.lock']()
    writeFileSync(keyFile(kit.vaultId), JSON.stringify({ format: 'mevault.secret-key/1', vaultId: 'f'.repeat(32), secretKey: formatSecretKey(newSecretKey()) }))
    expect(await api['vault.secretKeyStatus']()).toEqual({ onThisDevice: false })
  })

  it('gives the kit PDF again only for the passphrase, with this vault’s key in it', async () => {
    const { location } = place()
    const api = createVaultService(location)
    const kit = await api['vault.create']({ passphrase: PASSPHRASE })
    expect(await failure(api['vault.recoveryKit']({ passphrase: 'not the passphrase' }))).toEqual({ code: 'WRONG_CREDENTIALS', message: 'Wrong passphrase' })
    const again = await api['vault.recoveryKit']({ passphrase: PASSPHRASE })
    expect(again.fileName).toBe(`mevault-recovery-kit-${kit.vaultId.slice(0, 8)}.pdf`)
    const read = await readKitPdf(Buffer.from(again.pdfBase64, 'base64'))
    expect(read.qrTexts).toEqual([kit.secretKey])
    expect(read.text).toContain(kit.secretKey)
    expect(read.text).toContain(kit.createdAt)
    await api['vault.lock']()
    expect(await failure(api['vault.recoveryKit']({ passphrase: PASSPHRASE }))).toMatchObject({ code: 'LOCKED' })
  })
})
