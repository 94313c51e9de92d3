import { devicesDocument } from '../devices/device-list.js'
import type { Vault } from '../vault/vault.js'

/**
 * Sets `lastSeen` of each device whose files were merged to when it wrote them: the last time it
 * synced, as far as this device can tell. Not the time of reading: a device gone for months whose
 * old files are still in the folder must not look as if it had just synced. Never later than this
 * device's clock, never moved back, and one change for all of them.
 */
export async function noteWriters(vault: Vault, writtenAt: Map<string, string>): Promise<void> {
  const handle = await devicesDocument(vault)
  const now = vault.now().getTime()
  const updates: Array<[string, string]> = []
  for (const [id, at] of writtenAt) {
    const entry = handle.doc()[id]
    const time = Math.min(Date.parse(at), now)
    if (!entry || id === vault.device.id || Number.isNaN(time)) continue
    if (entry.lastSeen && Date.parse(entry.lastSeen) >= time) continue
    updates.push([id, new Date(time).toISOString()])
  }
  if (updates.length === 0) return
  await vault.changeDocument(handle, (doc) => {
    for (const [id, at] of updates) doc[id]!.lastSeen = at
  })
}

/** Keeps the latest write time seen per device. */
export function keepLatest(writtenAt: Map<string, string>, deviceId: string, at: string | undefined): void {
  if (typeof at !== 'string' || Number.isNaN(Date.parse(at))) return
  const known = writtenAt.get(deviceId)
  if (!known || Date.parse(at) > Date.parse(known)) writtenAt.set(deviceId, at)
}
