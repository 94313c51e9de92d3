import { openSealedPacket, SEALED_PACKET_TYPE } from '../core/packets/seal.js'
import { badInput, type MeVaultError } from '../shared/errors.js'
import type { RequesterKeys } from './keys.js'

export interface OpenedAnswer {
  /** The packet: a compact JWS signed by the person's key. */
  jws: string
  /** Whether it came sealed to the requester's X25519 key (as MeVault sends it when the request gives one). */
  sealed: boolean
}

/**
 * An answer as it arrives: a `mevault.sealed-packet/1` envelope (opened with the sealing key) or
 * a bare packet JWS. Throws BAD_INPUT for something that is neither or sealed to another key,
 * INTEGRITY for an envelope that was altered.
 */
export async function openAnswer(answer: string | Uint8Array, keys?: RequesterKeys): Promise<OpenedAnswer> {
  const text = (typeof answer === 'string' ? answer : new TextDecoder().decode(answer)).trim()
  if (!text.startsWith('{')) return { jws: text, sealed: false }
  if (!keys) throw badInput(`The answer is sealed (${SEALED_PACKET_TYPE}): give the requester's keys to open it`)
  const jws = await openSealedPacket(text, keys.sealing)
  return { jws: jws.trim(), sealed: true }
}

/** An envelope that did not open, in the words the kit's checks use (the core's names the key, not who holds it). */
export function envelopeProblem(error: MeVaultError): string {
  if (/another X25519 key/.test(error.message)) return 'sealed to another key, not to this requester'
  if (error.code === 'INTEGRITY') return 'the sealed answer does not open: it was altered or is not meant for this requester'
  return error.message.replace(/\.$/, '')
}
