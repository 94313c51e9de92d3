import type { DeclaredUse } from '../requests/request-schema.js'
import type { ReceiptPayload } from './receipt.js'
import { decodeShardView, type ShardView } from './shard-view.js'
import type { Holder } from './types.js'

/**
 * A month's holders of one field, as the shard view's part `holders:PATH` keeps them (see
 * vault/named-views.ts): "who has" reads only these, never the month's other receipts. What rows
 * share (the requester, the purpose, the retention) is written once and pointed into.
 */
export interface HoldersPart {
  requesters: Array<Holder['requester']>
  purposes: string[]
  retentions: string[]
  /** What each requester declared it may do with the data (null: it did not say). */
  uses: Array<DeclaredUse | null>
  /** One per receipt that disclosed the field. */
  rows: Array<[receiptId: string, at: string, requester: number, purpose: number, retention: number, use?: number]>
}

export const holdersPartName = (path: string): string => `holders:${path}`

/** Every field's holders in one month's shard view, by part name. */
export function holdersParts(view: ShardView): Map<string, HoldersPart> {
  const parts = new Map<string, HoldersPart>()
  const interned = new Map<unknown[], Map<unknown, number>>()
  const indexIn = (list: unknown[], value: unknown): number => {
    let indexes = interned.get(list)
    if (!indexes) interned.set(list, (indexes = new Map()))
    // Shared members are one frozen object per distinct value (decodeShardView), so identity works.
    let index = indexes.get(value)
    if (index === undefined) indexes.set(value, (index = list.push(value) - 1))
    return index
  }
  for (const payload of decodeShardView(view) as ReceiptPayload[]) {
    for (const path of payload.disclosed) {
      const name = holdersPartName(path)
      let part = parts.get(name)
      if (!part) parts.set(name, (part = { requesters: [], purposes: [], retentions: [], uses: [], rows: [] }))
      part.rows.push([
        payload.id,
        payload.at,
        indexIn(part.requesters, payload.requester),
        indexIn(part.purposes, payload.purpose),
        indexIn(part.retentions, payload.terms.retention ?? ''), // '': not stated
        indexIn(part.uses, payload.terms.use ?? null)
      ])
    }
  }
  return parts
}
