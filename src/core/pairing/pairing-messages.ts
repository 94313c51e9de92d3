import { z } from 'zod'
import { integrity } from '../../shared/errors.js'
import { sodium } from '../crypto/sodium.js'

/** Both messages of a pairing travel inside the authenticated, encrypted channel (see invite.ts). */
export const JoinRequest = z.object({
  type: z.literal('mevault.pair.join/1'),
  /** Proof of the one-time secret, bound to the joining device's key (see joinProof). */
  proof: z.string().regex(/^[0-9a-f]{64}$/),
  device: z.object({ id: z.string().regex(/^[0-9a-f]{16}$/), name: z.string().min(1).max(200) })
})
export type JoinRequest = z.infer<typeof JoinRequest>

export const JoinAnswer = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('mevault.pair.welcome/1'),
    vaultKey: z.string(),
    /** Sent once the vault key has rotated: document ids still derive from the first key. */
    namingKey: z.string().optional(),
    keyId: z.string().max(64).optional(),
    identitySecretKey: z.string(),
    /** The device list as an Automerge document (already naming the joining device). */
    devices: z.string(),
    inviter: z.object({ id: z.string(), name: z.string() }),
    /** Where the inviting device serves sync, when not at the invitation's own address (`sync serve --invite`). */
    syncPort: z.number().int().min(1).max(65535).optional()
  }),
  z.object({ type: z.literal('mevault.pair.refused/1'), reason: z.string() })
])
export type JoinAnswer = z.infer<typeof JoinAnswer>

/** The secret never crosses the wire: a keyed hash of the joiner's device key under it does. */
export function joinProof(secret: Uint8Array, joinerPublicKey: Uint8Array): string {
  const s = sodium()
  const message = new Uint8Array([...new TextEncoder().encode('mevault-pair/1 join:'), ...joinerPublicKey])
  return s.to_hex(s.crypto_generichash(32, message, secret))
}

export const encodeMessage = (message: JoinRequest | JoinAnswer): Uint8Array => new TextEncoder().encode(JSON.stringify(message))

export function decodeMessage<T>(schema: z.ZodType<T>, bytes: Uint8Array): T {
  try {
    return schema.parse(JSON.parse(new TextDecoder().decode(bytes)))
  } catch {
    throw integrity('The other device sent a malformed pairing message')
  }
}
