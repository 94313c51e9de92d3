import { badInput } from '../../shared/errors.js'
import { loadSodium } from '../crypto/sodium.js'
import type { Vault } from '../vault/vault.js'
import { recordWithdrawal } from './ledger-store.js'
import { getReceipt } from './queries.js'
import { verifyReceipt } from './receipt.js'
import type { WithdrawResult } from './types.js'
import { signWithdrawalNotice } from './withdrawal-notice.js'

/**
 * Withdraws the consent a receipt records: signs a notice for the requester and records it in
 * the ledger. Asked again, it returns the notice already given (the person may have lost it).
 */
export async function withdraw(vault: Vault, receiptId: string): Promise<WithdrawResult> {
  await loadSodium()
  const receipt = await getReceipt(vault, receiptId)
  if (receipt.withdrawal) return { notice: receipt.withdrawal.notice, receipt, alreadyWithdrawn: true }
  if (receipt.disclosed.length === 0) {
    throw badInput(`Receipt ${receipt.id} records a refusal: nothing was shared, so there is no consent to withdraw`)
  }
  // The notice restates the receipt, so the receipt must be the one this identity signed.
  const payload = await verifyReceipt(receipt.jws, vault.did)
  const notice = signWithdrawalNotice(payload, vault.identity, vault.now())
  await recordWithdrawal(vault, receipt.id, notice)
  return { notice, receipt: await getReceipt(vault, receipt.id), alreadyWithdrawn: false }
}
