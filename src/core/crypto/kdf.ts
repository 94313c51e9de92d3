import { z } from 'zod'
import { badInput } from '../../shared/errors.js'
import { sodium } from './sodium.js'

/** At least 64 MiB, as the design requires; raising the stored parameters later is always allowed. */
export const MIN_MEMLIMIT = 64 * 1024 * 1024
export const DEFAULT_KDF = { opslimit: 3, memlimit: MIN_MEMLIMIT } as const

export const KdfParamsSchema = z.object({
  alg: z.literal('argon2id13'),
  opslimit: z.number().int().min(1),
  memlimit: z.number().int().min(MIN_MEMLIMIT),
  salt: z.string().min(16)
})
export type KdfParams = z.infer<typeof KdfParamsSchema>

export function newKdfParams(cost: { opslimit: number; memlimit: number } = DEFAULT_KDF): KdfParams {
  const s = sodium()
  if (cost.memlimit < MIN_MEMLIMIT) throw badInput('Argon2id memory must be at least 64 MiB')
  return {
    alg: 'argon2id13',
    opslimit: cost.opslimit,
    memlimit: cost.memlimit,
    salt: s.to_base64(s.randombytes_buf(s.crypto_pwhash_SALTBYTES))
  }
}

/** Argon2id over the passphrase (NFKC-normalised so the same words type the same key everywhere). */
export function derivePassphraseKey(passphrase: string, params: KdfParams): Uint8Array {
  const s = sodium()
  return s.crypto_pwhash(
    32,
    passphrase.normalize('NFKC'),
    s.from_base64(params.salt),
    params.opslimit,
    params.memlimit,
    s.crypto_pwhash_ALG_ARGON2ID13
  )
}
