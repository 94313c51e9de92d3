import type { DocHandle, PeerId } from '@automerge/automerge-repo'
import { isMeVaultError, MeVaultError, notFound } from '../../shared/errors.js'
import { sodium } from '../crypto/sodium.js'
import { keyFingerprint } from '../crypto/key-fingerprint.js'
import type { Vault } from '../vault/vault.js'
import { DEVICES_DOCUMENT, type DeviceEntry, type DevicesDoc } from './devices-doc.js'
import { type KeyChange, keepVaultKeyCurrent } from './key-ring.js'

export { DEVICES_DOCUMENT, type DeviceEntry, type DevicesDoc } from './devices-doc.js'

export interface DeviceView extends DeviceEntry {
  id: string
  fingerprint: string
  thisDevice: boolean
}

/** The automerge-repo peer id a device presents: bound to its key by the pin store. */
export const peerIdOf = (deviceId: string): PeerId => `mevault-${deviceId}` as PeerId

export const devicesDocument = (vault: Vault): Promise<DocHandle<DevicesDoc>> => vault.document<DevicesDoc>(DEVICES_DOCUMENT)

/** Adds this device to the list if it is not there yet (the first device never went through pairing). */
export async function ensureThisDevice(vault: Vault): Promise<DocHandle<DevicesDoc>> {
  const handle = await devicesDocument(vault)
  const id = vault.device.id
  if (!handle.doc()[id]) {
    const entry = thisDeviceEntry(vault)
    await vault.changeDocument(handle, (doc) => {
      doc[id] = entry
    })
  }
  return handle
}

function thisDeviceEntry(vault: Vault): DeviceEntry {
  return { name: vault.device.name, publicKey: sodium().to_hex(vault.device.keys.publicKey), pairedAt: vault.now().toISOString() }
}

/**
 * Every device of the vault. Listing records this device where it is not listed yet; a vault that
 * cannot be written (a read-only disk, a full one) still lists it, as it would be recorded.
 */
export async function listDevices(vault: Vault): Promise<DeviceView[]> {
  const devices = await ensureThisDevice(vault).then(
    (handle) => handle.doc(),
    async (error: unknown) => {
      if (!isMeVaultError(error, 'READ_ONLY') && !isMeVaultError(error, 'DISK_FULL')) throw error
      return { ...(await devicesDocument(vault)).doc(), [vault.device.id]: thisDeviceEntry(vault) }
    }
  )
  return Object.entries(devices)
    .map(([id, entry]) => ({
      id,
      ...entry,
      fingerprint: keyFingerprint(sodium().from_hex(entry.publicKey)),
      thisDevice: id === vault.device.id
    }))
    .sort((a, b) => a.pairedAt.localeCompare(b.pairedAt) || a.id.localeCompare(b.id))
}

/**
 * Pins a new device (on pairing). An id already in the list is refused, never overwritten: replacing
 * its key would let whoever joins under it stand in for that device, and lock the real one out. A
 * device once revoked stays revoked: its id cannot be paired again.
 */
export async function addDevice(vault: Vault, id: string, name: string, publicKey: Uint8Array): Promise<void> {
  const handle = await ensureThisDevice(vault)
  const existing = handle.doc()[id]
  if (existing?.revokedAt) throw new MeVaultError('BAD_INPUT', `Device ${id} was revoked and cannot be paired again`)
  if (existing) throw new MeVaultError('EXISTS', `Device id ${id} is already paired with this vault; a joining device cannot take its place`)
  const entry: DeviceEntry = { name, publicKey: sodium().to_hex(publicKey), pairedAt: vault.now().toISOString() }
  await vault.changeDocument(handle, (doc) => {
    doc[id] = entry
  })
}

/**
 * Names a device as the person knows it ("Work laptop"): two machines of one person often carry the
 * same host name. The name syncs with the list; the id and key, which pairing trusts, never change.
 */
export async function renameDevice(vault: Vault, id: string, name: string): Promise<DeviceView> {
  const handle = await ensureThisDevice(vault)
  if (!handle.doc()[id]) throw notFound(`No device ${id} (see \`mevault devices\`)`)
  if (handle.doc()[id]!.name !== name) {
    await vault.changeDocument(handle, (doc) => {
      doc[id]!.name = name
    })
  }
  return (await listDevices(vault)).find((device) => device.id === id)!
}

export async function revokeDevice(vault: Vault, id: string): Promise<DeviceView> {
  const handle = await ensureThisDevice(vault)
  const entry = handle.doc()[id]
  if (!entry) throw notFound(`No device ${id} (see \`mevault devices\`)`)
  if (id === vault.device.id) throw new MeVaultError('BAD_INPUT', 'This device cannot revoke itself; revoke it from another paired device')
  if (!entry.revokedAt) {
    const at = vault.now().toISOString()
    await vault.changeDocument(handle, (doc) => {
      doc[id]!.revokedAt = at
    })
  }
  // The revoked device holds the vault key: what is written from now on goes under a new one.
  await keepVaultKeyCurrent(vault, handle.doc())
  return (await listDevices(vault)).find((device) => device.id === id)!
}

/** After a sync: adopt a key another device rotated to, or rotate if a synced revocation calls for it. */
export async function keepKeyCurrent(vault: Vault): Promise<KeyChange> {
  return keepVaultKeyCurrent(vault, (await ensureThisDevice(vault)).doc())
}

export async function markSeen(vault: Vault, id: string): Promise<void> {
  const handle = await devicesDocument(vault)
  if (!handle.doc()[id]) return
  const at = vault.now().toISOString()
  await vault.changeDocument(handle, (doc) => {
    doc[id]!.lastSeen = at
  })
}
