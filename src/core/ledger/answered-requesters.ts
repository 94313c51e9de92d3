import type { Vault } from '../vault/vault.js'
import { ledgerMonths, shard } from './ledger-store.js'

export interface SharedWithRequester {
  name: string
  id: string
  url: string
}

/** Per vault: the answer below, and the shards' heads it was read at. */
const cache = new WeakMap<Vault, { heads: string; requesters: SharedWithRequester[] }>()

/**
 * Every distinct requester (name, key, url) the person shared something with: refusals do not
 * count. Read from the month shards' decoded views and kept until a shard changes, so the
 * requester check can ask on every opened request, even with 10k receipts in the ledger.
 */
export async function requestersSharedWith(vault: Vault): Promise<SharedWithRequester[]> {
  const shards = []
  for (const month of await ledgerMonths(vault)) shards.push(await shard(vault, month))
  const heads = shards.map((s) => s.heads).join(' ')
  const cached = cache.get(vault)
  if (cached?.heads === heads) return cached.requesters
  const distinct = new Map<string, SharedWithRequester>()
  for (const { receipts } of shards) {
    for (const { outcome, requester } of receipts) {
      if (outcome !== 'refused') distinct.set(`${requester.id}\n${requester.url}\n${requester.name}`, requester)
    }
  }
  const requesters = [...distinct.values()]
  cache.set(vault, { heads, requesters })
  return requesters
}
