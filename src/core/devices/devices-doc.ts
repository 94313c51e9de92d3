import { defineSyncedDocument } from '../vault/synced-documents.js'

/** The vault's named document listing its devices; it syncs like any other vault document. */
export const DEVICES_DOCUMENT = 'devices'
defineSyncedDocument({ name: DEVICES_DOCUMENT, schema: 1 })

export interface DeviceEntry {
  name: string
  /** Ed25519 device public key, hex: what paired devices pin. */
  publicKey: string
  pairedAt: string
  revokedAt?: string
  lastSeen?: string
}

/** Device id → entry. Entries sit at the root so devices added on two machines merge into one map. */
export type DevicesDoc = Record<string, DeviceEntry>
