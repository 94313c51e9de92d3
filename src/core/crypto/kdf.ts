import { z } from 'zod'
import { badInput } from '../../shared/errors.js'
import { argon2id } from './argon2id.js'
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

/** A key derived ahead by the same argon2id() elsewhere (the CLI's KDF worker), taken by the next derivation. */
let derivedAhead: { passphrase: string; params: KdfParams; key: Uint8Array } | undefined

/**
 * Hands over a key derived ahead (on another thread, whose 64 MiB are given back when it ends):
 * the next derivePassphraseKey call with the very same passphrase and parameters returns it
 * instead of deriving again; any other call discards it.
 */
export function useDerivedAhead(passphrase: string, params: KdfParams, key: Uint8Array): void {
  derivedAhead = { passphrase, params, key }
}

/** Argon2id over the passphrase (NFKC-normalised so the same words type the same key everywhere). */
export function derivePassphraseKey(passphrase: string, params: KdfParams): Uint8Array {
  const ahead = derivedAhead
  derivedAhead = undefined
  if (
    ahead &&
    ahead.passphrase === passphrase &&
    ahead.params.alg === params.alg &&
    ahead.params.salt === params.salt &&
    ahead.params.opslimit === params.opslimit &&
    ahead.params.memlimit === params.memlimit
  ) {
    return ahead.key
  }
  return argon2id(sodium(), passphrase, params)
}
