import { isMeVaultError, MeVaultError } from '../../shared/errors.js'
import type { RecoveryKitPdf } from '../../shared/types.js'
import { formatSecretKey, parseSecretKey } from '../crypto/secret-key.js'
import { loadSodium } from '../crypto/sodium.js'
import { readHeader, type VaultHeader } from '../vault/header.js'
import type { SecretKeyStore } from '../vault/secret-key-store.js'
import { secretKeyCheck } from '../vault/unlock-key.js'
import { closeVaultFile, openVaultFile } from '../vault/vault-file.js'
import type { Vault } from '../vault/vault.js'

/** What the secret-key steps need of the vault's place: its folder and how the vault file is opened. */
export interface LockedVaultFile {
  dir: string
  nativeBinding?: string
  lockWaitMs?: number
}

const KEY_SHAPE = 'A secret key looks like MV1-XXXXX-XXXXX-XXXXX-XXXXX-XXXXX-X, as on your recovery kit'

/** The header of a vault nobody holds open: its id and the check its secret key must pass. */
function header({ dir, nativeBinding, lockWaitMs = 0 }: LockedVaultFile): VaultHeader {
  const file = openVaultFile(dir, lockWaitMs, nativeBinding)
  try {
    return readHeader(file.db)
  } finally {
    closeVaultFile(file)
  }
}

/**
 * Whether this device has the secret key of the (locked) vault: a key for this vault that passes
 * its header's check. A missing key file, one for another vault, or a damaged one is "no": the
 * unlock screen then asks for the key from the recovery kit rather than blaming the passphrase.
 */
export async function secretKeyOnDevice(vaultFile: LockedVaultFile, secretKeys: SecretKeyStore): Promise<boolean> {
  await loadSodium()
  const { vaultId, secretKeyCheck: expected } = header(vaultFile)
  try {
    return secretKeyCheck(await secretKeys.read(vaultId), vaultId) === expected
  } catch (error) {
    if (isMeVaultError(error, 'WRONG_CREDENTIALS')) return false
    throw error
  }
}

/**
 * Keeps the secret key typed from the recovery kit as this device's key, after checking it belongs
 * to this vault (its header's check): a typo or another vault's key is refused and nothing is
 * written. A key that passes replaces whatever this device had, which could only be wrong or lost.
 */
export async function restoreSecretKey(vaultFile: LockedVaultFile, secretKeys: SecretKeyStore, typed: string): Promise<void> {
  let key: Uint8Array
  try {
    key = parseSecretKey(typed)
  } catch (error) {
    if (isMeVaultError(error, 'BAD_INPUT')) throw new MeVaultError('BAD_INPUT', `${error.message}. ${KEY_SHAPE}`)
    throw error
  }
  await loadSodium()
  const { vaultId, secretKeyCheck: expected } = header(vaultFile)
  if (secretKeyCheck(key, vaultId) !== expected) {
    throw new MeVaultError(
      'WRONG_CREDENTIALS',
      `That secret key is not this vault's (vault id ${vaultId}): check it against this vault's recovery kit`
    )
  }
  await secretKeys.write(vaultId, key, { overwrite: true })
}

/**
 * The recovery kit PDF again, for an unlocked vault, once the passphrase is typed again. The key
 * is this device's copy. Why the passphrase: an unlocked, unattended screen must not be enough
 * to carry the secret key away; the secret key plus a copy of the vault folder leaves only the
 * passphrase between a thief and the data, so handing it out asks for what the person alone knows.
 */
export async function recoveryKitAgain(vault: Vault, secretKeys: SecretKeyStore, passphrase: string): Promise<RecoveryKitPdf> {
  vault.checkPassphrase(passphrase)
  const key = await secretKeys.read(vault.vaultId)
  // Loaded when a kit is asked for: every engine start (each unlock) would otherwise parse pdf-lib.
  const { recoveryKitFileName, recoveryKitPdf } = await import('./kit-pdf.js')
  const pdf = await recoveryKitPdf({ vaultId: vault.vaultId, did: vault.did, secretKey: formatSecretKey(key), createdAt: vault.createdAt })
  return { fileName: recoveryKitFileName(vault.vaultId), pdfBase64: Buffer.from(pdf).toString('base64') }
}
