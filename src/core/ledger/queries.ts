import { notFound } from '../../shared/errors.js'
import type { Vault } from '../vault/vault.js'
import { parseFieldPath } from '../vault/field-path.js'
import { ledgerMonths, monthOfReceiptId, shard, shardSignatures, toReceipt, withdrawalNotices, withdrawnAt } from './ledger-store.js'
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
    const signatures = await shardSignatures(vault, month)
    for (const payload of (await shard(vault, month)).receipts) {
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
    for (const payload of (await shard(vault, month)).byPath.get(target) ?? []) {
      const notice = notices[payload.id]
      const holder: Holder = {
        receiptId: payload.id,
        requester: { ...payload.requester },
        at: payload.at,
        purpose: payload.purpose,
        retention: payload.terms.retention,
        ...(payload.terms.use ? { use: structuredClone(payload.terms.use) } : {})
      }
      if (notice) holder.withdrawnAt = withdrawnAt(notice)
      holders.push(holder)
    }
  }
  return holders.sort(newestFirst)
}

function newestFirst(a: { at: string }, b: { at: string }): number {
  return a.at < b.at ? 1 : a.at > b.at ? -1 : 0
}
