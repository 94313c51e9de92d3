import type { Vault } from '../vault/vault.js'
import { ledgerMonths, shard } from './ledger-store.js'
import type { ReceiptOutcome } from './types.js'

/**
 * Each answer's outcome and requester, straight from the month shards' decoded views (cached per
 * shard change): no withdrawal notices, no sorting. What the requester check needs to know whom
 * the person has answered, cheap enough to read on every opened request at 10k receipts.
 */
export async function answeredRequesters(
  vault: Vault
): Promise<Array<{ outcome: ReceiptOutcome; requester: { name: string; id: string; url: string } }>> {
  const answered: Array<{ outcome: ReceiptOutcome; requester: { name: string; id: string; url: string } }> = []
  for (const month of await ledgerMonths(vault)) {
    for (const payload of (await shard(vault, month)).receipts) answered.push({ outcome: payload.outcome, requester: payload.requester })
  }
  return answered
}
