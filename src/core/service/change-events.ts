import type { VaultChange, VaultChangeKind } from '../../shared/api.js'
import { DEVICES_DOCUMENT } from '../devices/device-list.js'
import { KEY_RING_DOCUMENT } from '../devices/key-ring.js'
import { POLICY_DOCUMENT } from '../policy-store/index.js'
import { CLAIM_TAGS } from '../claims/claim-tags.js'
import { RECORD_NAMES } from '../records/record-names.js'
import type { Vault } from '../vault/vault.js'

/** Which screen a named document belongs to; the ledger's documents all start with "ledger/". */
function kindOfNamed(name: string): VaultChangeKind | undefined {
  if (name === DEVICES_DOCUMENT || name === KEY_RING_DOCUMENT) return 'devices'
  if (name === POLICY_DOCUMENT) return 'policy'
  if (name.startsWith('ledger/')) return 'ledger'
  if (name === CLAIM_TAGS) return 'fields' // which field carries which claim shows in the field list
  if (name === RECORD_NAMES) return 'fields' // the records' names are the field list's headers
  return undefined
}

/**
 * The vault's save notices as the API's change events, one per kind: what the service emits
 * after its own changes and after a sync brings some. Returns a function that stops them.
 */
export function emitChanges(vault: Vault, emit: (change: VaultChange) => void): () => void {
  return vault.onChange(({ records, named }) => {
    const kinds = new Set<VaultChangeKind>()
    if (records) kinds.add('fields')
    for (const name of named) {
      const kind = kindOfNamed(name)
      if (kind) kinds.add(kind)
    }
    for (const kind of kinds) emit({ kind })
  })
}
