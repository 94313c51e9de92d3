import { integrity, MeVaultError } from '../../shared/errors.js'
import { open, seal } from '../crypto/aead.js'
import { derivePassphraseKey } from '../crypto/kdf.js'
import { sodium } from '../crypto/sodium.js'
import type { VaultHeader } from './header.js'

/**
 * Two-secret key derivation (1Password's model): the unlock key needs the passphrase (through
 * Argon2id) and the 128-bit secret key. The vault key itself is random and only wrapped, so a
 * passphrase change re-wraps 32 bytes and re-encrypts nothing.
 */
export function deriveUnlockKey(passphrase: string, secretKey: Uint8Array, header: Pick<VaultHeader, 'kdf'>): Uint8Array {
  const passphraseKey = derivePassphraseKey(passphrase, header.kdf)
  return sodium().crypto_generichash(32, passphraseKey, secretKey)
}

export function secretKeyCheck(secretKey: Uint8Array, vaultId: string): string {
  const s = sodium()
  return s.to_base64(s.crypto_generichash(16, `mevault.secret-key-check/1:${vaultId}`, secretKey))
}

/** Binds the wrapped key to the header's id and KDF parameters: altering them fails the unwrap. */
function wrapContext(header: Pick<VaultHeader, 'vaultId' | 'kdf'>): string {
  return `mevault.vault-key/1:${header.vaultId}:${JSON.stringify(header.kdf)}`
}

export function wrapVaultKey(vaultKey: Uint8Array, unlockKey: Uint8Array, header: Pick<VaultHeader, 'vaultId' | 'kdf'>): string {
  return sodium().to_base64(seal(unlockKey, vaultKey, wrapContext(header)))
}

export function headerMac(header: Omit<VaultHeader, 'mac'>, secretKey: Uint8Array): string {
  const { format, vaultId, createdAt, kdf, wrappedKey, secretKeyCheck } = header
  const canonical = JSON.stringify([format, vaultId, createdAt, kdf.alg, kdf.opslimit, kdf.memlimit, kdf.salt, wrappedKey, secretKeyCheck])
  return sodium().to_base64(sodium().crypto_generichash(32, `mevault.header-mac/1:${canonical}`, secretKey))
}

/**
 * The vault key, and the unlock key that wrapped it: an unlocked vault keeps the latter (no more
 * secret than the vault key beside it) to re-wrap a rotated vault key without asking again.
 */
export function unwrapVaultKey(header: VaultHeader, passphrase: string, secretKey: Uint8Array): { vaultKey: Uint8Array; unlockKey: Uint8Array } {
  const s = sodium()
  if (secretKeyCheck(secretKey, header.vaultId) !== header.secretKeyCheck) {
    throw new MeVaultError('WRONG_CREDENTIALS', 'The secret key does not belong to this vault')
  }
  if (!s.memcmp(s.from_base64(headerMac(header, secretKey)), s.from_base64(header.mac))) {
    throw integrity('The vault header was altered or is damaged')
  }
  const unlockKey = deriveUnlockKey(passphrase, secretKey, header)
  try {
    return { vaultKey: open(unlockKey, s.from_base64(header.wrappedKey), wrapContext(header), 'The vault key'), unlockKey }
  } catch {
    throw new MeVaultError('WRONG_CREDENTIALS', 'Wrong passphrase')
  }
}
