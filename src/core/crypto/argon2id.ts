import type { Sodium } from './sodium.js'

/**
 * The passphrase KDF itself, in one place: Argon2id over the NFKC-normalised passphrase (the same
 * words type the same key everywhere). Free of zod and of the vault's modules, so a worker thread
 * can run it alone (src/cli/kdf-ahead.ts); kdf.ts checks the parameters before calling it.
 */
export function argon2id(s: Sodium, passphrase: string, params: { salt: string; opslimit: number; memlimit: number }): Uint8Array {
  return s.crypto_pwhash(32, passphrase.normalize('NFKC'), s.from_base64(params.salt), params.opslimit, params.memlimit, s.crypto_pwhash_ALG_ARGON2ID13)
}
