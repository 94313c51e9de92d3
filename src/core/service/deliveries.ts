import type { Delivery, DeliveryState, GivenAnswer, LedgerEntry } from '../../shared/api.js'
import { badInput, notFound } from '../../shared/errors.js'
import { getReceipt } from '../ledger/queries.js'
import { type DeliveryRecord, deliveryRecords, keptAnswer, recordDelivery } from '../ledger/kept-answers.js'
import { type DeliveryAttempt, type DeliveryKind, type DeliveryMediaType, deliver, describeAddress } from '../packets/deliver.js'
import type { WebDependencies } from '../net/web-request.js'
import type { Vault } from '../vault/vault.js'

/**
 * Handing answers and withdrawal notices to the address a request named (issue 12 §4): after
 * consent, again from the ledger, and with a withdrawal. Every try is recorded in the ledger
 * before its outcome is returned, and a failed one leaves the answer ready to send again.
 */
export class Deliveries {
  constructor(
    private readonly vault: () => Vault,
    /** The network as the core sees it: the system's, or MEVAULT_RESOLVE's names for trying a site locally. */
    private readonly web: WebDependencies
  ) {}

  /** Posts what a receipt recorded (its answer, or its withdrawal notice) to its address, and records the try. */
  async send(receiptId: string, kind: DeliveryKind, known?: DeliveryRecord): Promise<Delivery> {
    const vault = this.vault()
    const receipt = await getReceipt(vault, receiptId)
    const record = known ?? (await deliveryRecords(vault)).get(receipt.id)?.[kind]
    if (!record) throw badInput(`The request answered by ${receipt.id} named no address for its ${kind === 'answer' ? 'answer' : 'withdrawal notices'}: save it to a file and send it yourself`)
    let body: string
    let mediaType: DeliveryMediaType | undefined
    if (kind === 'answer') {
      const kept = await keptAnswer(vault, receipt.id)
      if (!kept) throw notFound(`The ledger did not keep the answer of ${receipt.id} (it was given before MeVault kept answers)`)
      body = kept.packet
      mediaType = kept.mediaType
    } else {
      if (!receipt.withdrawal) throw badInput(`Consent given in ${receipt.id} was not withdrawn: there is no notice to send`)
      body = receipt.withdrawal.notice
    }
    const attempt = await deliver(kind, record.to, body, () => vault.now(), this.web, mediaType)
    await recordDelivery(vault, receipt.id, attempt)
    return deliveryView(attempt)
  }

  /** Sends it when the request named an address for it; undefined when it named none. */
  async sendIfAddressed(receiptId: string, kind: DeliveryKind): Promise<Delivery | undefined> {
    const record = (await deliveryRecords(this.vault())).get(receiptId)?.[kind]
    return record ? this.send(receiptId, kind, record) : undefined
  }

  /** A past answer as it was given, to save again. */
  async givenAnswer(receiptId: string): Promise<GivenAnswer> {
    const vault = this.vault()
    const receipt = await getReceipt(vault, receiptId)
    const kept = await keptAnswer(vault, receipt.id)
    if (!kept) throw notFound(`The ledger did not keep the answer of ${receipt.id} (it was given before MeVault kept answers)`)
    const stem = `mevault-answer-${receipt.id}`
    return {
      receiptId: receipt.id,
      packet: kept.packet,
      sealed: receipt.packet.sealed,
      fileName: receipt.packet.sealed ? `${stem}.sealed.json` : `${stem}.jws`
    }
  }
}

export function deliveryView(attempt: DeliveryAttempt): Delivery {
  return { ...attempt, shownAs: describeAddress(attempt.to) }
}

function stateOf(record: DeliveryRecord): DeliveryState {
  const last = record.tries.at(-1)
  return { to: record.to, shownAs: describeAddress(record.to), tries: record.tries.length, ...(last ? { last: deliveryView(last) } : {}) }
}

/** Adds each entry's addresses and last tries (from the ledger's delivery view) to the ledger's list. */
export async function withDeliveries(vault: Vault, entries: LedgerEntry[]): Promise<LedgerEntry[]> {
  const records = await deliveryRecords(vault)
  if (records.size === 0) return entries
  return entries.map((entry) => {
    const record = records.get(entry.id)
    if (!record) return entry
    return {
      ...entry,
      delivery: {
        ...(record.answer ? { answer: stateOf(record.answer) } : {}),
        ...(record.withdrawal ? { withdrawal: stateOf(record.withdrawal) } : {})
      }
    }
  })
}
