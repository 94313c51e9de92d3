import { createHash } from 'node:crypto'
import { z } from 'zod'
import { integrity, MeVaultError } from '../../shared/errors.js'
import { VaultHeaderSchema } from '../vault/header.js'

/**
 * The backup file's layout (docs/formats/backup.md):
 *
 *   "MVBACKUP" | header length (u32, big-endian) | header (JSON) | sealed image | checksum (32 bytes)
 *
 * The header says how to unlock (a copy of the vault's own header: KDF parameters, the wrapped
 * vault key) and holds no personal data. The sealed image is the vault file, already sealed row by
 * row, sealed again whole (secretstream, see backup-cipher.ts). The checksum, SHA-256 of all
 * that precedes it, tells a damaged or cut file before any key is derived; the keyed tags of the
 * sealed image are what refuse a forged one.
 */
export const BACKUP_FORMAT = 'mevault.backup/1'
const MAGIC = new TextEncoder().encode('MVBACKUP')
const LENGTH_BYTES = 4
export const CHECKSUM_BYTES = 32
const MAX_HEADER_BYTES = 16 * 1024

export const BackupHeaderSchema = z.strictObject({
  format: z.string(),
  /** When the backup was made (ISO 8601). */
  madeAt: z.string(),
  /** The vault's header as it was: what unlocks the image with the passphrase and the secret key. */
  vault: VaultHeaderSchema.strict(),
  /** The vault file's size, checked after opening. */
  imageBytes: z.number().int().positive()
})
export type BackupHeader = z.infer<typeof BackupHeaderSchema>

/** The file's readable start: magic, length and header. It is also bound into the sealed image. */
export function encodePreamble(header: BackupHeader): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(header))
  const out = new Uint8Array(MAGIC.length + LENGTH_BYTES + json.length)
  out.set(MAGIC, 0)
  new DataView(out.buffer).setUint32(MAGIC.length, json.length)
  out.set(json, MAGIC.length + LENGTH_BYTES)
  return out
}

export function checksumOf(parts: readonly Uint8Array[]): Uint8Array {
  const hash = createHash('sha256')
  for (const part of parts) hash.update(part)
  return new Uint8Array(hash.digest())
}

export interface BackupParts {
  header: BackupHeader
  preamble: Uint8Array
  sealedImage: Uint8Array
}

const damaged = (what: string): MeVaultError =>
  integrity(`${what} is not a whole MeVault backup: it is damaged or cut short (nothing was restored)`)

/**
 * Splits a backup file into its parts, refusing (INTEGRITY) anything damaged or cut short before
 * any key is derived. `what` names the file in messages.
 */
export function readBackupParts(bytes: Uint8Array, what: string): BackupParts {
  const minimum = MAGIC.length + LENGTH_BYTES + CHECKSUM_BYTES
  if (bytes.length < minimum) throw damaged(what)
  const body = bytes.subarray(0, bytes.length - CHECKSUM_BYTES)
  const stored = bytes.subarray(bytes.length - CHECKSUM_BYTES)
  if (!Buffer.from(checksumOf([body])).equals(Buffer.from(stored))) throw damaged(what)
  if (!Buffer.from(body.subarray(0, MAGIC.length)).equals(Buffer.from(MAGIC))) {
    throw integrity(`${what} is not a MeVault backup`)
  }
  const length = new DataView(body.buffer, body.byteOffset + MAGIC.length, LENGTH_BYTES).getUint32(0)
  const headerEnd = MAGIC.length + LENGTH_BYTES + length
  if (length > MAX_HEADER_BYTES || headerEnd >= body.length) throw damaged(what)
  let header: BackupHeader
  try {
    header = BackupHeaderSchema.parse(JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body.subarray(MAGIC.length + LENGTH_BYTES, headerEnd))))
  } catch {
    throw damaged(what)
  }
  if (header.format !== BACKUP_FORMAT) {
    throw new MeVaultError('BAD_INPUT', `${what} was made by a newer MeVault (${header.format}): update MeVault to restore it`)
  }
  return { header, preamble: body.subarray(0, headerEnd), sealedImage: body.subarray(headerEnd) }
}
