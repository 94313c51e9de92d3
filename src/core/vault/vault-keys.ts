import { MeVaultError } from '../../shared/errors.js'
import { newSigningKeyPair, signingKeyPairFromSecret, type SigningKeyPair } from '../crypto/identity.js'
import { sodium } from '../crypto/sodium.js'
import type { Db } from '../store/database.js'
import { readSealedJson, writeSealedJson } from './sealed-meta.js'

/** The secrets an unlocked vault holds in memory. */
export interface VaultSecrets {
  vaultKey: Uint8Array
  /** The person: their did:key signs packets and receipts. */
  identity: SigningKeyPair
  /** This machine: signs sync handshakes; pinned by paired devices. */
  device: { id: string; name: string; keys: SigningKeyPair }
}

interface StoredSecrets {
  identity: string
  device: { id: string; name: string; secretKey: string }
}

export function newVaultSecrets(deviceName: string): VaultSecrets {
  const s = sodium()
  return {
    vaultKey: s.crypto_aead_xchacha20poly1305_ietf_keygen(),
    identity: newSigningKeyPair(),
    device: { id: s.to_hex(s.randombytes_buf(8)), name: deviceName, keys: newSigningKeyPair() }
  }
}

export function saveVaultSecrets(db: Db, secrets: VaultSecrets): void {
  const s = sodium()
  const stored: StoredSecrets = {
    identity: s.to_base64(secrets.identity.secretKey),
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
    identity: signingKeyPairFromSecret(s.from_base64(stored.identity)),
    device: {
      id: stored.device.id,
      name: stored.device.name,
      keys: signingKeyPairFromSecret(s.from_base64(stored.device.secretKey))
    }
  }
}
