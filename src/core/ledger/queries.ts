import { notFound } from '../../shared/errors.js'
import type { Vault } from '../vault/vault.js'
import { parseFieldPath } from '../vault/field-path.js'
import { ledgerMonths, monthHolders, monthOfReceiptId, shard, shardSignatures, toReceipt, withdrawalNotices, withdrawnAt } from './ledger-store.js'
import { RECEIPT_ID_PATTERN } from './receipt.js'
import type { Holder, Receipt } from './types.js'

/** A receipt without its JWS: what a list shows. */
export type ReceiptSummary = Omit<Receipt, 'jws'>

/** Every receipt, newest first, without the JWS (read from the sealed views only). */
export async function listReceiptSummaries(vault: Vault): Promise<ReceiptSummary[]> {
  const notices = await withdrawalNotices(vault)
  const receipts: ReceiptSummary[] = []
  for (const month of await ledgerMonths(vault)) {
    for (const payload of (await shard(vault, month)).receipts) {
      const { jws: _jws, ...summary } = toReceipt({ payload, jws: '' }, notices[payload.id])
      receipts.push(summary)
    }
  }
  return receipts.sort(newestFirst)
}

/** Every receipt whole, newest first: each month's shard document is read for the signatures. */
export async function listReceipts(vault: Vault): Promise<Receipt[]> {
  const notices = await withdrawalNotices(vault)
  const receipts: Receipt[] = []
  for (const month of await ledgerMonths(vault)) {
    // The view first: read before the shard document is loaded, a stale view is written again.
    const { receipts: payloads } = await shard(vault, month)
    const signatures = await shardSignatures(vault, month)
    for (const payload of payloads) {
      receipts.push(toReceipt({ payload, jws: signatures.get(payload.id) ?? '' }, notices[payload.id]))
    }
  }
  return receipts.sort(newestFirst)
}

/** One receipt by id; NOT_FOUND names the id. */
export async function getReceipt(vault: Vault, receiptId: string): Promise<Receipt> {
  const id = String(receiptId).trim()
  if (!RECEIPT_ID_PATTERN.test(id)) throw notFound(`No receipt ${JSON.stringify(id.slice(0, 40))} (receipt ids look like rc-2026-01-0123456789abcdef)`)
  const month = monthOfReceiptId(id)
  const payload = (await ledgerMonths(vault)).includes(month) ? (await shard(vault, month)).byId.get(id) : undefined
  const jws = payload ? (await shardSignatures(vault, month)).get(id) : undefined
  if (!payload || jws === undefined) throw notFound(`No receipt ${id} in this vault's ledger`)
  return toReceipt({ payload, jws }, (await withdrawalNotices(vault))[id])
}

/** Who received RECORD.FIELD, and when: one line per answer that disclosed it, newest first. */
export async function whoHas(vault: Vault, path: string): Promise<Holder[]> {
  const target = parseFieldPath(path).path
  const notices = await withdrawalNotices(vault)
  const holders: Holder[] = []
  for (const month of await ledgerMonths(vault)) {
    const part = await monthHolders(vault, month, target)
    if (!part) continue
    for (const [receiptId, at, requester, purpose, retention, use] of part.rows) {
      const holder: Holder = {
        receiptId,
        requester: { ...part.requesters[requester]! },
        at,
        purpose: part.purposes[purpose]!,
        ...(part.retentions[retention] ? { retention: part.retentions[retention] } : {}),
        ...(use !== undefined && part.uses[use] ? { use: structuredClone(part.uses[use]) } : {})
      }
      const notice = notices[receiptId]
      if (notice) holder.withdrawnAt = withdrawnAt(notice)
      holders.push(holder)
    }
  }
  return holders.sort(newestFirst)
}

function newestFirst(a: { at: string }, b: { at: string }): number {
  return a.at < b.at ? 1 : a.at > b.at ? -1 : 0
}
