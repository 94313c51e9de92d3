import { readKeyFile, writeKeyFile } from './key-file.js'

/**
 * Where this device keeps a vault's secret key (the second unlock factor): a key file for the
 * CLI, the OS keychain for the desktop app. Asynchronous because Electron's safeStorage is.
 */
export interface SecretKeyStore {
  /** The key for this vault; MeVaultError WRONG_CREDENTIALS (with what to do) when it cannot be had. */
  read(vaultId: string): Promise<Uint8Array>
  /** Keeps the key of a newly created (or restored) vault; EXISTS unless overwrite. */
  write(vaultId: string, secretKey: Uint8Array, options?: { overwrite?: boolean }): Promise<void>
}

/** The key file store: one file per vault outside the vault folder (see locations.ts). */
export function keyFileStore(keyFileFor: (vaultId: string) => string): SecretKeyStore {
  return {
    read: async (vaultId) => readKeyFile(keyFileFor(vaultId), vaultId),
    write: async (vaultId, secretKey, options) => writeKeyFile(keyFileFor(vaultId), vaultId, secretKey, options)
  }
}
