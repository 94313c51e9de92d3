/**
 * The desktop app's secret keys, sealed by the OS keychain through Electron's safeStorage (macOS
 * Keychain, Windows DPAPI, Linux libsecret or KWallet). Linux's `basic_text` backend only hides the
 * key under a password written in Chromium's source, so it is refused: the key then goes to the
 * plain key file the CLI uses, and the log says so. A plain key file (made by the CLI, or by
 * `mevault key restore`) is always read when no sealed one exists.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import type { SafeStorage } from 'electron'
import { z } from 'zod'
import { formatSecretKey, parseSecretKey } from '../../core/crypto/secret-key.js'
import { readKeyFile, writeKeyFile } from '../../core/vault/key-file.js'
import { MeVaultError } from '../../shared/errors.js'
import type { SecretKeyStore } from '../../core/vault/secret-key-store.js'

export type SafeStorageLike = Pick<
  SafeStorage,
  'isAsyncEncryptionAvailable' | 'encryptStringAsync' | 'decryptStringAsync' | 'getSelectedStorageBackend'
>

export interface KeychainStoreOptions {
  safeStorage: SafeStorageLike
  platform: NodeJS.Platform
  /** The plain key file of a vault (VaultLocation.keyFileFor); the sealed file sits beside it. */
  keyFileFor: (vaultId: string) => string
  /** Told once why the keychain is not used; never given key material. */
  log: (message: string) => void
}

const SealedKeyFileSchema = z.object({
  format: z.literal('mevault.secret-key.keychain/1'),
  vaultId: z.string(),
  sealed: z.string().min(1)
})

/** `keys/<id>.json` → `keys/<id>.keychain.json`. */
export function sealedKeyFileFor(keyFile: string): string {
  return `${keyFile.replace(/\.json$/i, '')}.keychain.json`
}

type KeychainStatus = { usable: true } | { usable: false; why: string }

export function createKeychainSecretKeyStore(options: KeychainStoreOptions): SecretKeyStore {
  const { safeStorage, keyFileFor } = options
  let status: Promise<KeychainStatus> | undefined
  let told = false

  const keychain = (): Promise<KeychainStatus> => (status ??= keychainStatus(safeStorage, options.platform))

  async function seal(path: string, vaultId: string, secretKey: Uint8Array): Promise<void> {
    const sealed = await safeStorage.encryptStringAsync(formatSecretKey(secretKey))
    const body = { format: 'mevault.secret-key.keychain/1', vaultId, sealed: sealed.toString('base64') }
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 })
    // Written aside then renamed, so a crash never leaves half a key file.
    const partial = `${path}.partial`
    writeFileSync(partial, `${JSON.stringify(body, null, 2)}\n`, { mode: 0o600 })
    renameSync(partial, path)
  }

  return {
    async write(vaultId, secretKey, { overwrite = false } = {}) {
      const plainPath = keyFileFor(vaultId)
      const sealedPath = sealedKeyFileFor(plainPath)
      if (!overwrite && (existsSync(sealedPath) || existsSync(plainPath))) {
        throw new MeVaultError('EXISTS', `This device already keeps a secret key for vault ${vaultId}`)
      }
      const state = await keychain()
      if (state.usable) {
        await seal(sealedPath, vaultId, secretKey)
        return
      }
      if (!told) {
        told = true
        options.log(
          `MeVault: not keeping the secret key in the OS keychain (${state.why}); it is kept in the key file ${plainPath} instead, protected only by your account's file permissions.`
        )
      }
      writeKeyFile(plainPath, vaultId, secretKey, { overwrite })
    },

    async read(vaultId) {
      const plainPath = keyFileFor(vaultId)
      const sealedPath = sealedKeyFileFor(plainPath)
      if (!existsSync(sealedPath)) return readKeyFile(plainPath, vaultId)
      const sealedFile = parseSealedFile(sealedPath)
      if (sealedFile.vaultId !== vaultId) {
        throw new MeVaultError('WRONG_CREDENTIALS', `The sealed key file at ${sealedPath} belongs to another vault`)
      }
      const state = await keychain()
      if (!state.usable) {
        throw new MeVaultError(
          'WRONG_CREDENTIALS',
          `This vault's secret key is sealed in the OS keychain, which is not available now (${state.why}). Unlock your keyring and try again, or restore the key from your recovery kit.`
        )
      }
      let opened: { result: string; shouldReEncrypt: boolean }
      try {
        opened = await safeStorage.decryptStringAsync(Buffer.from(sealedFile.sealed, 'base64'))
      } catch {
        throw new MeVaultError(
          'WRONG_CREDENTIALS',
          "The OS keychain cannot open this vault's secret key (was it sealed on another computer or user account?). Restore the key from your recovery kit."
        )
      }
      let secretKey: Uint8Array
      try {
        secretKey = parseSecretKey(opened.result)
      } catch {
        throw new MeVaultError('WRONG_CREDENTIALS', `The sealed key file at ${sealedPath} holds a damaged secret key`)
      }
      // The keychain rotated its key: seal again now. The key still works if this fails.
      if (opened.shouldReEncrypt) await seal(sealedPath, vaultId, secretKey).catch(() => undefined)
      return secretKey
    }
  }
}

async function keychainStatus(safeStorage: SafeStorageLike, platform: NodeJS.Platform): Promise<KeychainStatus> {
  if (platform === 'linux') {
    const backend = safeStorage.getSelectedStorageBackend()
    if (backend === 'basic_text') {
      return { usable: false, why: "Linux's basic_text backend would hide it under a publicly known password; no Secret Service or KWallet was found" }
    }
    if (backend === 'unknown') return { usable: false, why: 'the Linux keyring backend is unknown' }
  }
  if (!(await safeStorage.isAsyncEncryptionAvailable())) return { usable: false, why: 'the OS keychain is not available' }
  return { usable: true }
}

function parseSealedFile(path: string): z.infer<typeof SealedKeyFileSchema> {
  try {
    return SealedKeyFileSchema.parse(JSON.parse(readFileSync(path, 'utf8')))
  } catch {
    throw new MeVaultError('WRONG_CREDENTIALS', `The file at ${path} is not a MeVault sealed key file`)
  }
}
