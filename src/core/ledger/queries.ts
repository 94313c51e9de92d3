import { notFound } from '../../shared/errors.js'
import type { Vault } from '../vault/vault.js'
import { parseFieldPath } from '../vault/field-path.js'
import { ledgerMonths, monthOfReceiptId, shard, toReceipt, withdrawalNotices } from './ledger-store.js'
import { RECEIPT_ID_PATTERN } from './receipt.js'
import type { Holder, Receipt } from './types.js'

/** Every receipt, newest first. */
export async function listReceipts(vault: Vault): Promise<Receipt[]> {
  const notices = await withdrawalNotices(vault)
  const receipts: Receipt[] = []
  for (const month of await ledgerMonths(vault)) {
    for (const entry of (await shard(vault, month)).receipts) receipts.push(toReceipt(entry, notices[entry.payload.id]))
  }
  return receipts.sort(newestFirst)
}

/** One receipt by id; NOT_FOUND names the id. */
export async function getReceipt(vault: Vault, receiptId: string): Promise<Receipt> {
  const id = String(receiptId).trim()
  if (!RECEIPT_ID_PATTERN.test(id)) throw notFound(`No receipt ${JSON.stringify(id.slice(0, 40))} (receipt ids look like rc-2026-01-0123456789abcdef)`)
  const month = monthOfReceiptId(id)
  const entry = (await ledgerMonths(vault)).includes(month) ? (await shard(vault, month)).byId.get(id) : undefined
  if (!entry) throw notFound(`No receipt ${id} in this vault's ledger`)
  return toReceipt(entry, (await withdrawalNotices(vault))[id])
}

/** Who received RECORD.FIELD, and when: one line per answer that disclosed it, newest first. */
export async function whoHas(vault: Vault, path: string): Promise<Holder[]> {
  const target = parseFieldPath(path).path
  const notices = await withdrawalNotices(vault)
  const holders: Holder[] = []
  for (const month of await ledgerMonths(vault)) {
    for (const { payload } of (await shard(vault, month)).byPath.get(target) ?? []) {
      const notice = notices[payload.id]
      const holder: Holder = {
        receiptId: payload.id,
        requester: { ...payload.requester },
        at: payload.at,
        purpose: payload.purpose,
        retention: payload.terms.retention
      }
      if (notice) holder.withdrawnAt = toReceipt({ payload, jws: '' }, notice).withdrawal?.at
      holders.push(holder)
    }
  }
  return holders.sort(newestFirst)
}

function newestFirst(a: { at: string }, b: { at: string }): number {
  return a.at < b.at ? 1 : a.at > b.at ? -1 : 0
}
