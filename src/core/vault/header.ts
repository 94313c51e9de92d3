import { z } from 'zod'
import { integrity } from '../../shared/errors.js'
import { KdfParamsSchema } from '../crypto/kdf.js'
import type { Db } from '../store/database.js'
import { readMeta, writeMeta } from '../store/meta.js'

/** The one plaintext record in a vault: how to unlock it. It holds no personal data. */
export const VaultHeaderSchema = z.object({
  format: z.literal('mevault.vault/1'),
  vaultId: z.string().regex(/^[0-9a-f]{32}$/),
  createdAt: z.string(),
  kdf: KdfParamsSchema,
  /** The vault key sealed under the unlock key (passphrase + secret key). */
  wrappedKey: z.string(),
  /** A keyed hash that tells "wrong secret key" from "wrong passphrase"; reveals nothing of the key. */
  secretKeyCheck: z.string(),
  /** A MAC over all of the above, keyed by the secret key: an altered header is reported as such. */
  mac: z.string()
})
export type VaultHeader = z.infer<typeof VaultHeaderSchema>

const HEADER_KEY = 'header'

export function readHeader(db: Db): VaultHeader {
  const bytes = readMeta(db, HEADER_KEY)
  if (!bytes) throw integrity('The vault header is missing')
  try {
    return VaultHeaderSchema.parse(JSON.parse(new TextDecoder().decode(bytes)))
  } catch (cause) {
    throw integrity('The vault header is damaged', cause)
  }
}

export function writeHeader(db: Db, header: VaultHeader): void {
  writeMeta(db, HEADER_KEY, new TextEncoder().encode(JSON.stringify(header)))
}
