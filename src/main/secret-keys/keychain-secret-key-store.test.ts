import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { formatSecretKey } from '../../core/crypto/secret-key.js'
import { readKeyFile, writeKeyFile } from '../../core/vault/key-file.js'
import { isMeVaultError } from '../../shared/errors.js'
import { createKeychainSecretKeyStore, sealedKeyFileFor, type SafeStorageLike } from './keychain-secret-key-store.js'

type Backend = ReturnType<SafeStorageLike['getSelectedStorageBackend']>

/**
 * Stands in for the operating system's keychain (which needs a desktop session): AES-256-GCM under a
 * key only this "OS account" holds. Records what it was asked to seal.
 */
function fakeKeychain(options: { backend?: Backend; available?: boolean; rotated?: boolean } = {}) {
  const accountKey = randomBytes(32)
  const sealedTexts: string[] = []
  const safeStorage: SafeStorageLike = {
    getSelectedStorageBackend: () => options.backend ?? 'gnome_libsecret',
    isAsyncEncryptionAvailable: async () => options.available ?? true,
    encryptStringAsync: async (text) => {
      sealedTexts.push(text)
      const iv = randomBytes(12)
      const cipher = createCipheriv('aes-256-gcm', accountKey, iv)
      const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()])
      return Buffer.concat([iv, cipher.getAuthTag(), body])
    },
    decryptStringAsync: async (sealed) => {
      const decipher = createDecipheriv('aes-256-gcm', accountKey, sealed.subarray(0, 12))
      decipher.setAuthTag(sealed.subarray(12, 28))
      const result = Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]).toString('utf8')
      return { result, shouldReEncrypt: options.rotated ?? false }
    }
  }
  return { safeStorage, sealedTexts }
}

let dir: string
let logged: string[]
const keyFileFor = (vaultId: string) => path.join(dir, 'keys', `${vaultId}.json`)
const store = (safeStorage: SafeStorageLike, platform: NodeJS.Platform = 'linux') =>
  createKeychainSecretKeyStore({ safeStorage, platform, keyFileFor, log: (message) => logged.push(message) })

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'mevault-keychain-'))
  logged = []
})
afterEach(() => rm(dir, { recursive: true, force: true }))

async function failure(promise: Promise<unknown>, code: string): Promise<string> {
  const error = await promise.then(() => new Error('succeeded'), (e: unknown) => e)
  expect(isMeVaultError(error), String(error)).toBe(true)
  expect((error as { code: string }).code).toBe(code)
  return (error as Error).message
}

describe('the secret key in the OS keychain', () => {
  it('is sealed by the keychain: no readable key on disk, and it comes back the same', async () => {
    const { safeStorage } = fakeKeychain()
    const key = randomBytes(16)
    await store(safeStorage).write('v1', key)
    expect(existsSync(keyFileFor('v1'))).toBe(false)
    const onDisk = await readFile(sealedKeyFileFor(keyFileFor('v1')), 'utf8')
    expect(onDisk).toContain('mevault.secret-key.keychain/1')
    expect(onDisk).not.toContain(formatSecretKey(key))
    expect(onDisk).not.toContain(key.toString('base64'))
    expect(Buffer.from(await store(safeStorage).read('v1'))).toEqual(key)
    expect(logged).toEqual([])
  })

  it('cannot be opened by another computer or user account: a clear message says to use the recovery kit', async () => {
    await store(fakeKeychain().safeStorage).write('v1', randomBytes(16))
    const message = await failure(store(fakeKeychain().safeStorage).read('v1'), 'WRONG_CREDENTIALS')
    expect(message).toMatch(/cannot open this vault's secret key.*recovery kit/)
  })

  it("refuses Linux's basic_text backend: the key goes to the plain key file the CLI reads, and the log says why", async () => {
    const { safeStorage, sealedTexts } = fakeKeychain({ backend: 'basic_text' })
    const keys = store(safeStorage)
    const key = randomBytes(16)
    await keys.write('v1', key)
    await keys.write('v2', randomBytes(16))
    expect(sealedTexts).toEqual([])
    expect(Buffer.from(readKeyFile(keyFileFor('v1'), 'v1'))).toEqual(key)
    expect(Buffer.from(await keys.read('v1'))).toEqual(key)
    expect(logged).toHaveLength(1)
    expect(logged[0]).toMatch(/not keeping the secret key in the OS keychain \(Linux's basic_text backend/)
    expect(logged[0]).toContain(keyFileFor('v1'))
    expect(logged[0]).not.toContain(formatSecretKey(key))
  })

  it('falls back the same way when macOS or Windows has no keychain available', async () => {
    const { safeStorage } = fakeKeychain({ available: false })
    await store(safeStorage, 'darwin').write('v1', randomBytes(16))
    expect(existsSync(keyFileFor('v1'))).toBe(true)
    expect(logged[0]).toMatch(/the OS keychain is not available/)
  })

  it('reads the plain key file of a vault made or restored with the CLI', async () => {
    const key = randomBytes(16)
    writeKeyFile(keyFileFor('v1'), 'v1', key)
    expect(Buffer.from(await store(fakeKeychain().safeStorage).read('v1'))).toEqual(key)
    const missing = await failure(store(fakeKeychain().safeStorage).read('v9'), 'WRONG_CREDENTIALS')
    expect(missing).toMatch(/mevault key restore/)
  })

  it('says so when the key is sealed but the keyring is not available now', async () => {
    await store(fakeKeychain().safeStorage).write('v1', randomBytes(16))
    const message = await failure(store(fakeKeychain({ backend: 'basic_text' }).safeStorage).read('v1'), 'WRONG_CREDENTIALS')
    expect(message).toMatch(/sealed in the OS keychain, which is not available now .*Unlock your keyring/)
  })

  it('never overwrites a key it keeps unless asked, and refuses a sealed file of another vault', async () => {
    const { safeStorage } = fakeKeychain()
    const first = randomBytes(16)
    await store(safeStorage).write('v1', first)
    expect(await failure(store(safeStorage).write('v1', randomBytes(16)), 'EXISTS')).toMatch(/already keeps a secret key/)
    expect(Buffer.from(await store(safeStorage).read('v1'))).toEqual(first)
    const second = randomBytes(16)
    await store(safeStorage).write('v1', second, { overwrite: true })
    expect(Buffer.from(await store(safeStorage).read('v1'))).toEqual(second)

    await writeFile(sealedKeyFileFor(keyFileFor('v2')), await readFile(sealedKeyFileFor(keyFileFor('v1'))))
    expect(await failure(store(safeStorage).read('v2'), 'WRONG_CREDENTIALS')).toMatch(/belongs to another vault/)
    await writeFile(sealedKeyFileFor(keyFileFor('v3')), 'garbage')
    expect(await failure(store(safeStorage).read('v3'), 'WRONG_CREDENTIALS')).toMatch(/not a MeVault sealed key file/)
  })

  it('seals the key again when the keychain has rotated its own key', async () => {
    const { safeStorage, sealedTexts } = fakeKeychain({ rotated: true })
    const key = randomBytes(16)
    await store(safeStorage).write('v1', key)
    const before = await readFile(sealedKeyFileFor(keyFileFor('v1')), 'utf8')
    expect(Buffer.from(await store(safeStorage).read('v1'))).toEqual(key)
    expect(sealedTexts).toHaveLength(2)
    expect(await readFile(sealedKeyFileFor(keyFileFor('v1')), 'utf8')).not.toBe(before)
  })
})
