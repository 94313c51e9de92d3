import { MeVaultError } from '../../shared/errors.js'
import { newSigningKeyPair, signingKeyPairFromSecret, type SigningKeyPair } from '../crypto/identity.js'
import { sodium } from '../crypto/sodium.js'
import type { Db } from '../store/database.js'
import { readSealedJson, writeSealedJson } from './sealed-meta.js'

/** The secrets an unlocked vault holds in memory. */
export interface VaultSecrets {
  /** The current key: seals everything stored, wraps under the passphrase. Rotated when a device is revoked. */
  vaultKey: Uint8Array
  /**
   * The vault's first key, kept when the vault key rotates: document ids derive from it, so every
   * device, whatever key it is on, finds the same documents.
   */
  namingKey: Uint8Array
  /** Which key of the key ring vaultKey is ("0" before any rotation; see devices/key-ring.ts). */
  keyId: string
  /** The person: their did:key signs packets and receipts. */
  identity: SigningKeyPair
  /** This machine: signs sync handshakes; pinned by paired devices. */
  device: { id: string; name: string; keys: SigningKeyPair }
}

interface StoredSecrets {
  identity: string
  /** Absent until the first rotation: the naming key is then the vault key itself. */
  namingKey?: string
  keyId?: string
  device: { id: string; name: string; secretKey: string }
}

/** The key a vault starts with, before any rotation. */
export const FIRST_KEY_ID = '0'

export function newVaultSecrets(deviceName: string): VaultSecrets {
  const s = sodium()
  const vaultKey = s.crypto_aead_xchacha20poly1305_ietf_keygen()
  return {
    vaultKey,
    namingKey: vaultKey.slice(),
    keyId: FIRST_KEY_ID,
    identity: newSigningKeyPair(),
    device: { id: s.to_hex(s.randombytes_buf(8)), name: deviceName, keys: newSigningKeyPair() }
  }
}

export function saveVaultSecrets(db: Db, secrets: VaultSecrets): void {
  const s = sodium()
  const rotated = secrets.keyId !== FIRST_KEY_ID
  const stored: StoredSecrets = {
    identity: s.to_base64(secrets.identity.secretKey),
    ...(rotated ? { namingKey: s.to_base64(secrets.namingKey), keyId: secrets.keyId } : {}),
    device: { id: secrets.device.id, name: secrets.device.name, secretKey: s.to_base64(secrets.device.keys.secretKey) }
  }
  writeSealedJson(db, secrets.vaultKey, 'secrets', stored)
}

export function loadVaultSecrets(db: Db, vaultKey: Uint8Array): VaultSecrets {
  const s = sodium()
  const stored = readSealedJson(db, vaultKey, 'secrets') as StoredSecrets | undefined
  if (!stored) throw new MeVaultError('INTEGRITY', "The vault's identity keys are missing")
  return {
    vaultKey,
    namingKey: stored.namingKey ? s.from_base64(stored.namingKey) : vaultKey.slice(),
    keyId: stored.keyId ?? FIRST_KEY_ID,
    identity: signingKeyPairFromSecret(s.from_base64(stored.identity)),
    device: {
      id: stored.device.id,
      name: stored.device.name,
      keys: signingKeyPairFromSecret(s.from_base64(stored.device.secretKey))
    }
  }
}
