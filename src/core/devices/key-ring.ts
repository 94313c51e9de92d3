import { ImmutableString } from '@automerge/automerge-repo'
import { z } from 'zod'
import { integrity } from '../../shared/errors.js'
import { sodium } from '../crypto/sodium.js'
import { defineSyncedDocument } from '../vault/synced-documents.js'
import { FIRST_KEY_ID } from '../vault/vault-keys.js'
import type { Vault } from '../vault/vault.js'
import type { DevicesDoc } from './devices-doc.js'

/**
 * The key ring: how a vault key rotation reaches the person's other devices without reaching a
 * revoked one. Each entry is a new vault key sealed (crypto_box_seal) to every device not revoked
 * at that moment, signed by the device that made it. The document syncs like the others and is
 * safe to leak: a device can only open the copy sealed to itself.
 *
 * Rule, applied after every revocation and every sync: use the newest entry sealed to this device
 * that no revoked device can open; if the key in use could reach a revoked device, make a new one.
 * Entries are ordered by (epoch, maker's id), so two devices rotating at once settle on one key.
 */
export const KEY_RING_DOCUMENT = 'keys'
defineSyncedDocument({ name: KEY_RING_DOCUMENT, schema: 1 })

/** Entry id ("epoch:device id") → the signed entry as JSON. */
export type KeyRingDoc = Record<string, ImmutableString>

const KeyEntry = z.strictObject({
  format: z.literal('mevault.key-entry/1'),
  epoch: z.int().min(1),
  by: z.string().regex(/^[0-9a-f]{16}$/),
  createdAt: z.string(),
  /** Device id → the new key sealed to that device's X25519 key (from its Ed25519 device key), base64. */
  sealedFor: z.record(z.string(), z.string()),
  signature: z.string()
})
type KeyEntry = z.infer<typeof KeyEntry>

export type KeyChange = 'adopted' | 'rotated' | 'unchanged'

const keyIdOf = (entry: Pick<KeyEntry, 'epoch' | 'by'>): string => `${entry.epoch}:${entry.by}`

function compareKeyIds(a: string, b: string): number {
  const [epochA = 0, byA = ''] = splitKeyId(a)
  const [epochB = 0, byB = ''] = splitKeyId(b)
  return epochA - epochB || byA.localeCompare(byB)
}

const splitKeyId = (id: string): [number, string] => {
  const [epoch, by] = id === FIRST_KEY_ID ? ['0', ''] : id.split(':')
  return [Number(epoch), by ?? '']
}

function signedBytes(entry: Omit<KeyEntry, 'signature'>): Uint8Array {
  const sealed = Object.entries(entry.sealedFor).sort(([a], [b]) => a.localeCompare(b))
  return new TextEncoder().encode(JSON.stringify([entry.format, entry.epoch, entry.by, entry.createdAt, sealed]))
}

/** Entries that parse and carry a good signature of a device in the list that is not revoked. */
function trustedEntries(ring: KeyRingDoc, devices: DevicesDoc): KeyEntry[] {
  const s = sodium()
  return Object.entries(ring).flatMap(([id, json]) => {
    const parsed = KeyEntry.safeParse(safeJson(json.val))
    if (!parsed.success || keyIdOf(parsed.data) !== id) return []
    const maker = devices[parsed.data.by]
    if (!maker || maker.revokedAt) return []
    const { signature, ...unsigned } = parsed.data
    const good = s.crypto_sign_verify_detached(s.from_base64(signature), signedBytes(unsigned), s.from_hex(maker.publicKey))
    return good ? [parsed.data] : []
  })
}

const safeJson = (text: string): unknown => {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/**
 * Brings this vault onto the right key (see the rule above). `devices` is the merged device list.
 * Says what it did, so sync can report it.
 */
export async function keepVaultKeyCurrent(vault: Vault, devices: DevicesDoc): Promise<KeyChange> {
  const ring = await vault.document<KeyRingDoc>(KEY_RING_DOCUMENT)
  const revoked = new Set(Object.keys(devices).filter((id) => devices[id]!.revokedAt))
  const trusted = trustedEntries(ring.doc(), devices)
  const reachesRevoked = (entry: KeyEntry): boolean => Object.keys(entry.sealedFor).some((id) => revoked.has(id))

  const best = trusted
    .filter((entry) => entry.sealedFor[vault.device.id] && !reachesRevoked(entry))
    .sort((a, b) => compareKeyIds(keyIdOf(a), keyIdOf(b)))
    .at(-1)
  if (best && compareKeyIds(keyIdOf(best), vault.keyId) > 0) {
    await vault.adoptKey(openSealedKey(vault, best), keyIdOf(best))
    return 'adopted'
  }

  // The first key went to every device ever paired; a later one to those its entry names. Any of
  // them revoked since (or an entry whose maker was revoked): that key is no longer secret enough.
  // An entry not synced here yet is given the benefit of the doubt; one present but untrusted is not.
  const inUse = trusted.find((entry) => keyIdOf(entry) === vault.keyId)
  const compromised =
    vault.keyId === FIRST_KEY_ID ? revoked.size > 0 : inUse ? reachesRevoked(inUse) : vault.keyId in ring.doc()
  if (!compromised) return 'unchanged'
  await rotate(vault, ring.doc(), devices)
  return 'rotated'
}

async function rotate(vault: Vault, ring: KeyRingDoc, devices: DevicesDoc): Promise<void> {
  const s = sodium()
  const epochs = [vault.keyId, ...Object.keys(ring)].map((id) => splitKeyId(id)[0]).filter(Number.isFinite)
  const key = s.crypto_aead_xchacha20poly1305_ietf_keygen()
  const sealedFor: Record<string, string> = {}
  for (const [id, device] of Object.entries(devices)) {
    if (device.revokedAt) continue
    const boxKey = s.crypto_sign_ed25519_pk_to_curve25519(s.from_hex(device.publicKey))
    sealedFor[id] = s.to_base64(s.crypto_box_seal(key, boxKey))
  }
  const unsigned = {
    format: 'mevault.key-entry/1' as const,
    epoch: Math.max(0, ...epochs) + 1,
    by: vault.device.id,
    createdAt: vault.now().toISOString(),
    sealedFor
  }
  const entry: KeyEntry = { ...unsigned, signature: s.to_base64(s.crypto_sign_detached(signedBytes(unsigned), vault.device.keys.secretKey)) }
  const handle = await vault.document<KeyRingDoc>(KEY_RING_DOCUMENT)
  await vault.changeDocument(handle, (doc) => {
    doc[keyIdOf(entry)] = new ImmutableString(JSON.stringify(entry))
  })
  await vault.adoptKey(key, keyIdOf(entry))
}

function openSealedKey(vault: Vault, entry: KeyEntry): Uint8Array {
  const s = sodium()
  const { publicKey, secretKey } = vault.device.keys
  const boxPublic = s.crypto_sign_ed25519_pk_to_curve25519(publicKey)
  const boxSecret = s.crypto_sign_ed25519_sk_to_curve25519(secretKey)
  try {
    return s.crypto_box_seal_open(s.from_base64(entry.sealedFor[vault.device.id]!), boxPublic, boxSecret)
  } catch (error) {
    throw integrity(`The rotated vault key ${keyIdOf(entry)} sealed to this device does not open (damaged)`, error)
  } finally {
    s.memzero(boxSecret)
  }
}
