import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { z } from 'zod'
import { MeVaultError } from '../../shared/errors.js'
import { formatSecretKey, parseSecretKey } from '../crypto/secret-key.js'
import { writePrivateFile } from './write-private-file.js'

/**
 * The device's copy of the secret key, kept outside the vault folder so that a copied vault
 * folder (a backup, a stolen disk image of one directory) is not enough to attack the passphrase.
 */
const KeyFileSchema = z.object({
  format: z.literal('mevault.secret-key/1'),
  vaultId: z.string(),
  secretKey: z.string()
})

export function writeKeyFile(path: string, vaultId: string, secretKey: Uint8Array, options: { overwrite?: boolean } = {}): void {
  if (existsSync(path) && !options.overwrite) {
    throw new MeVaultError('EXISTS', `A key file already exists at ${path}`)
  }
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 })
  const body = { format: 'mevault.secret-key/1', vaultId, secretKey: formatSecretKey(secretKey) }
  // 0600 even when it replaces an older file of another mode (`key restore --force`).
  writePrivateFile(path, `${JSON.stringify(body, null, 2)}\n`)
}

export function readKeyFile(path: string, vaultId: string): Uint8Array {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch {
    throw new MeVaultError(
      'WRONG_CREDENTIALS',
      `No secret key at ${path}. Restore it from your recovery kit with \`mevault key restore\``
    )
  }
  let parsed: z.infer<typeof KeyFileSchema>
  try {
    parsed = KeyFileSchema.parse(JSON.parse(text))
  } catch {
    throw new MeVaultError('WRONG_CREDENTIALS', `The key file at ${path} is not a MeVault secret key file`)
  }
  if (parsed.vaultId !== vaultId) {
    throw new MeVaultError('WRONG_CREDENTIALS', `The key file at ${path} belongs to another vault`)
  }
  try {
    return parseSecretKey(parsed.secretKey)
  } catch {
    throw new MeVaultError('WRONG_CREDENTIALS', `The key file at ${path} holds a damaged secret key`)
  }
}
