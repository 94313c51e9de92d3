import { ImmutableString } from '@automerge/automerge-repo'
import { defineNamedView } from '../vault/named-views.js'
import { defineSyncedDocument } from '../vault/synced-documents.js'
import { type DocumentChange, documentChange, type Vault } from '../vault/vault.js'
import { decodeReceipt, type ReceiptPayload } from './receipt.js'
import { holdersPartName, holdersParts, type HoldersPart } from './holders-part.js'
import { decodeShardView, encodeShardView, type ShardView } from './shard-view.js'
import type { Receipt } from './types.js'

/**
 * Where receipts live. Synced named documents, each keeping its entries at the root (entries
 * made on two devices while apart merge instead of conflicting):
 *   ledger/months           month ("2026-01") → true: which shards exist
 *   ledger/receipts/MONTH   receipt id → the receipt JWS: one shard per month of answers
 *   ledger/answered         answer key (requester, request id, nonce) → latest receipt id
 *   ledger/withdrawals      receipt id → the withdrawal notice JWS
 * A month's shard stays small however long the ledger grows. Reads go through the vault's sealed
 * views (each shard's decoded payloads in a compact form, shard-view.ts, written with each change),
 * so the first "who has" after unlocking replays no shard. The views leave the JWS out: it is most
 * of a receipt's bytes and only a receipt shown or exported whole needs it, so those read it from
 * the shard document.
 * In memory, a shard is kept until its heads change.
 */
const MONTHS = 'ledger/months'
const ANSWERED = 'ledger/answered'
const WITHDRAWALS = 'ledger/withdrawals'
const shardName = (month: string): string => `ledger/receipts/${month}`

type MonthsDoc = Record<string, boolean>
type JwsDoc = Record<string, ImmutableString>

// The documents the ledger syncs (see vault/synced-documents.ts): one receipts shard per month the month list names.
defineSyncedDocument({ name: MONTHS, schema: 1 })
defineSyncedDocument({ name: ANSWERED, schema: 1 })
defineSyncedDocument({ name: WITHDRAWALS, schema: 1 })
defineSyncedDocument({ name: shardName(''), schema: 1, members: async (vault: Vault) => (await ledgerMonths(vault)).map(shardName) })

// The views the ledger's reads use (see vault/named-views.ts): a shard's receipts decoded, the
// month list, and the notices as plain text.
defineNamedView(MONTHS, (doc: MonthsDoc): string[] => Object.keys(doc).sort())
defineNamedView(WITHDRAWALS, (doc: JwsDoc): Record<string, string> => Object.fromEntries(Object.entries(doc).map(([id, jws]) => [id, jws.val])))
// Shape 2: the payloads in a shard view's compact form (shape 1 held each payload and its JWS).
// Its parts: each field's holders that month, so "who has" reads one small slice per month.
defineNamedView(
  shardName(''),
  (doc: JwsDoc): ShardView => encodeShardView(Object.values(doc).map((value) => decodeReceipt(value.val))),
  2,
  holdersParts
)

/** A receipt as written: its payload and the JWS that signs it. */
export interface StoredReceipt {
  payload: ReceiptPayload
  jws: string
}

interface ShardCache {
  heads: string
  receipts: ReceiptPayload[]
  byId: Map<string, ReceiptPayload>
}

const caches = new WeakMap<Vault, Map<string, ShardCache>>()

/** "2026-01" from a receipt id "rc-2026-01-…" (ids carry their shard, so one lookup finds them). */
export const monthOfReceiptId = (id: string): string => id.slice(3, 10)
export const monthOf = (date: Date): string => date.toISOString().slice(0, 7)

export function answerKey(requesterId: string, requestId: string, nonce: string): string {
  return JSON.stringify([requesterId, requestId, nonce])
}

/** Writes receipts (grouped by month) and marks their requests answered; durable on return. */
export async function appendReceipts(vault: Vault, entries: readonly StoredReceipt[]): Promise<void> {
  await vault.changeDocuments(await receiptChanges(vault, entries))
}

/**
 * The changes that record receipts: the month list, each month's shard, and "answered". Made
 * durable together (Vault.changeDocuments), so a crash never leaves an "answered" mark without its
 * receipt, nor a shard the month list does not name.
 */
export async function receiptChanges(vault: Vault, entries: readonly StoredReceipt[]): Promise<DocumentChange[]> {
  if (entries.length === 0) return []
  const byMonth = new Map<string, StoredReceipt[]>()
  for (const entry of entries) {
    const month = monthOfReceiptId(entry.payload.id)
    byMonth.set(month, [...(byMonth.get(month) ?? []), entry])
  }
  const changes: DocumentChange[] = []
  const months = await vault.document<MonthsDoc>(MONTHS)
  if ([...byMonth.keys()].some((month) => months.doc()[month] !== true)) {
    changes.push(
      documentChange(months, (doc) => {
        for (const month of byMonth.keys()) if (doc[month] !== true) doc[month] = true
      })
    )
  }
  for (const [month, list] of byMonth) {
    changes.push(
      documentChange(await vault.document<JwsDoc>(shardName(month)), (doc) => {
        for (const { payload, jws } of list) doc[payload.id] = new ImmutableString(jws)
      })
    )
  }
  changes.push(
    documentChange(await vault.document<JwsDoc>(ANSWERED), (doc) => {
      for (const { payload } of entries) {
        doc[answerKey(payload.requester.id, payload.request.id, payload.request.nonce)] = new ImmutableString(payload.id)
      }
    })
  )
  return changes
}

/** The latest receipt id for this request, if it was answered before. */
export async function answeredReceiptId(vault: Vault, key: string): Promise<string | undefined> {
  return (await vault.document<JwsDoc>(ANSWERED)).doc()[key]?.val
}

export async function recordWithdrawal(vault: Vault, receiptId: string, notice: string): Promise<void> {
  await vault.changeDocument(await vault.document<JwsDoc>(WITHDRAWALS), (doc) => {
    doc[receiptId] = new ImmutableString(notice)
  })
}

/** Receipt id → the withdrawal notice (JWS). */
export async function withdrawalNotices(vault: Vault): Promise<Record<string, string>> {
  return (await vault.documentView<Record<string, string>>(WITHDRAWALS)).content
}

export async function ledgerMonths(vault: Vault): Promise<string[]> {
  return (await vault.documentView<string[]>(MONTHS)).content
}

/** One month's receipts (their payloads), decoded once per change of the shard. */
export async function shard(vault: Vault, month: string): Promise<ShardCache> {
  let perVault = caches.get(vault)
  if (!perVault) caches.set(vault, (perVault = new Map()))
  const { heads, content } = await vault.documentView<ShardView>(shardName(month))
  const cached = perVault.get(month)
  if (cached?.heads === heads) return cached
  const receipts = decodeShardView(content)
  const fresh = { heads, receipts, byId: new Map(receipts.map((r) => [r.id, r])) }
  perVault.set(month, fresh)
  return fresh
}

/** One month's holders of a field (none: undefined), read from that slice of the month's view alone. */
export function monthHolders(vault: Vault, month: string, path: string): Promise<HoldersPart | undefined> {
  return vault.documentViewPart<HoldersPart>(shardName(month), holdersPartName(path))
}

/** Receipt id → its JWS, for one month: read from the shard document itself (see above). */
export async function shardSignatures(vault: Vault, month: string): Promise<Map<string, string>> {
  const doc = (await vault.document<JwsDoc>(shardName(month))).doc()
  return new Map(Object.entries(doc).map(([id, jws]) => [id, jws.val]))
}

/** The receipt as callers see it: the payload's members, its JWS and any withdrawal. */
export function toReceipt(entry: StoredReceipt, notice: string | undefined): Receipt {
  const { iss: _iss, iat: _iat, ...rest } = entry.payload
  const receipt: Receipt = { ...rest, jws: entry.jws }
  if (notice) receipt.withdrawal = { at: withdrawnAt(notice), notice }
  return receipt
}

/** When consent was withdrawn, from the notice's issue time. */
export function withdrawnAt(notice: string): string {
  try {
    const payload = JSON.parse(Buffer.from(notice.split('.')[1] ?? '', 'base64url').toString('utf8')) as { iat?: unknown }
    return typeof payload.iat === 'number' ? new Date(payload.iat * 1000).toISOString() : 'unknown'
  } catch {
    return 'unknown'
  }
}
