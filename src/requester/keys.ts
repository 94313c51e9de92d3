import { z } from 'zod'
import { didKeyFromPublicKey } from '../core/crypto/did-key.js'
import { newSigningKeyPair, type SigningKeyPair, signingKeyPairFromSecret } from '../core/crypto/identity.js'
import { fromBase64url, parseJsonObject, toBase64url } from '../core/crypto/jws.js'
import { loadSodium, sodium } from '../core/crypto/sodium.js'
import { badInput } from '../shared/errors.js'

/**
 * A requester's two keys: an Ed25519 key that signs its requests (its id is the did:key of it)
 * and an X25519 key that answers are sealed to. They are separate keys with separate jobs: the
 * signing key is public through did:web, the sealing key only opens answers.
 */
export interface RequesterKeys {
  /** The requester's id, `did:key:z6Mk…`, written into each request and each answer's `aud`. */
  id: string
  signing: SigningKeyPair
  sealing: { publicKey: Uint8Array; privateKey: Uint8Array }
}

export const SIGNING_KEY_TYPE = 'mevault.requester-signing-key/1'
export const SEALING_KEY_TYPE = 'mevault.requester-sealing-key/1'

const key32 = z.string().regex(/^[A-Za-z0-9_-]{43}$/)
const signingFileSchema = z.strictObject({ type: z.literal(SIGNING_KEY_TYPE), id: z.string(), seed: key32 })
const sealingFileSchema = z.strictObject({ type: z.literal(SEALING_KEY_TYPE), publicKey: key32, secretKey: key32 })

/** Fresh keys from libsodium's random generator. */
export async function newRequesterKeys(): Promise<RequesterKeys> {
  await loadSodium()
  const signing = newSigningKeyPair()
  const box = sodium().crypto_box_keypair()
  return { id: didKeyFromPublicKey(signing.publicKey), signing, sealing: { publicKey: box.publicKey, privateKey: box.privateKey } }
}

/** The sealing public key as a request's `requester.publicKey` gives it (unpadded base64url). */
export function sealingPublicKey(keys: RequesterKeys): string {
  return toBase64url(keys.sealing.publicKey)
}

/** The two key files' texts: the signing key's 32-byte seed, and the X25519 pair. */
export function keyFileTexts(keys: RequesterKeys): { signing: string; sealing: string } {
  const signing = { type: SIGNING_KEY_TYPE, id: keys.id, seed: toBase64url(keys.signing.secretKey.slice(0, 32)) }
  const sealing = { type: SEALING_KEY_TYPE, publicKey: sealingPublicKey(keys), secretKey: toBase64url(keys.sealing.privateKey) }
  return { signing: `${JSON.stringify(signing, null, 2)}\n`, sealing: `${JSON.stringify(sealing, null, 2)}\n` }
}

/** Reads both key files back; refuses a file that is not one, or a pair whose halves disagree. */
export async function keysFromFileTexts(signingText: string, sealingText: string): Promise<RequesterKeys> {
  await loadSodium()
  const s = sodium()
  const signingFile = signingFileSchema.safeParse(parseJsonObject(new TextEncoder().encode(signingText), 'The signing key file'))
  if (!signingFile.success) throw badInput(`The signing key file is not a ${SIGNING_KEY_TYPE} file`)
  const sealingFile = sealingFileSchema.safeParse(parseJsonObject(new TextEncoder().encode(sealingText), 'The sealing key file'))
  if (!sealingFile.success) throw badInput(`The sealing key file is not a ${SEALING_KEY_TYPE} file`)

  const seed = fromBase64url(signingFile.data.seed, 'The signing key')
  const signing = signingKeyPairFromSecret(s.crypto_sign_seed_keypair(seed).privateKey)
  const id = didKeyFromPublicKey(signing.publicKey)
  if (id !== signingFile.data.id) throw badInput('The signing key file names another did:key than its key has')
  const privateKey = fromBase64url(sealingFile.data.secretKey, 'The sealing key')
  const publicKey = s.crypto_scalarmult_base(privateKey)
  if (toBase64url(publicKey) !== sealingFile.data.publicKey) throw badInput('The sealing key file’s public key does not belong to its secret key')
  return { id, signing, sealing: { publicKey, privateKey } }
}
