import { ImmutableString } from '@automerge/automerge-repo'
import { defineNamedView } from '../vault/named-views.js'
import { defineSyncedDocument } from '../vault/synced-documents.js'
import { type DocumentChange, documentChange, type Vault } from '../vault/vault.js'
import type { DeliveryAttempt, DeliveryKind, DeliveryMediaType } from '../packets/deliver.js'
import { ledgerMonths, monthOfReceiptId } from './ledger-store.js'

/**
 * What the ledger keeps beyond the receipts, so an answer can be given again after its screen is
 * gone: the packet exactly as it was handed out (it holds the shared values, so it lives only in
 * the vault's sealed storage, like the fields themselves), and for each address the request named
 * (for the answer, for a withdrawal notice) the address and every try at delivering there.
 *   ledger/answers/MONTH   receipt id → {packet} (JSON text)
 *   ledger/deliveries      "RECEIPT-ID answer|withdrawal" → {to, tries (oldest first)} (JSON text)
 * Both sync, so another of the person's devices can give an answer again too.
 */
export interface KeptAnswer {
  /** The compact JWS, the sealed envelope's JSON text, or an OpenID4VP form body: the bytes the requester gets. */
  packet: string
  /** Set for an OpenID4VP answer (a form body); otherwise told from the packet itself. */
  mediaType?: DeliveryMediaType
}

/** Where a receipt's answer or notice goes, and how each try went. */
export interface DeliveryRecord {
  to: string
  tries: DeliveryAttempt[]
}

const keptName = (month: string): string => `ledger/answers/${month}`
const DELIVERIES = 'ledger/deliveries'

type JsonDoc = Record<string, ImmutableString>

const deliveryKey = (receiptId: string, kind: DeliveryKind): string => `${receiptId} ${kind}`

defineSyncedDocument({ name: keptName(''), schema: 1, members: async (vault: Vault) => (await ledgerMonths(vault)).map(keptName) })
defineSyncedDocument({ name: DELIVERIES, schema: 1 })
// The ledger's list shows each answer's address and last delivery without loading the document.
defineNamedView(DELIVERIES, (doc: JsonDoc): Record<string, DeliveryRecord> =>
  Object.fromEntries(Object.entries(doc).map(([key, record]) => [key, JSON.parse(record.val) as DeliveryRecord]))
)

/**
 * The changes that keep an answer's packet, and the addresses its request named for the answer and
 * for notices: made durable with the receipt's (see answer.ts), so no receipt names a packet the
 * ledger cannot give again.
 */
export async function keptAnswerChanges(
  vault: Vault,
  receiptId: string,
  kept: KeptAnswer,
  addresses: Partial<Record<DeliveryKind, string>>
): Promise<DocumentChange[]> {
  const changes = [
    documentChange(await vault.document<JsonDoc>(keptName(monthOfReceiptId(receiptId))), (doc) => {
      doc[receiptId] = new ImmutableString(JSON.stringify(kept))
    })
  ]
  const named = Object.entries(addresses).filter(([, to]) => to !== undefined) as Array<[DeliveryKind, string]>
  if (named.length > 0) {
    changes.push(
      documentChange(await vault.document<JsonDoc>(DELIVERIES), (doc) => {
        for (const [kind, to] of named) doc[deliveryKey(receiptId, kind)] = new ImmutableString(JSON.stringify({ to, tries: [] }))
      })
    )
  }
  return changes
}

/** The answer as it was given, if this vault kept it (answers from before MeVault kept them are not). */
export async function keptAnswer(vault: Vault, receiptId: string): Promise<KeptAnswer | undefined> {
  const text = (await vault.document<JsonDoc>(keptName(monthOfReceiptId(receiptId)))).doc()[receiptId]?.val
  return text === undefined ? undefined : (JSON.parse(text) as KeptAnswer)
}

/** Adds a try to the receipt's record of that kind (the address it went to is the record's). */
export async function recordDelivery(vault: Vault, receiptId: string, attempt: DeliveryAttempt): Promise<void> {
  const handle = await vault.document<JsonDoc>(DELIVERIES)
  const key = deliveryKey(receiptId, attempt.kind)
  const before = handle.doc()[key]?.val
  const record: DeliveryRecord = before === undefined ? { to: attempt.to, tries: [] } : (JSON.parse(before) as DeliveryRecord)
  record.tries.push(attempt)
  await vault.changeDocument(handle, (doc) => {
    doc[key] = new ImmutableString(JSON.stringify(record))
  })
}

/** Every receipt's delivery records, by receipt id and kind: from the sealed view. */
export async function deliveryRecords(vault: Vault): Promise<Map<string, Partial<Record<DeliveryKind, DeliveryRecord>>>> {
  const content = (await vault.documentView<Record<string, DeliveryRecord>>(DELIVERIES)).content
  const byReceipt = new Map<string, Partial<Record<DeliveryKind, DeliveryRecord>>>()
  for (const [key, record] of Object.entries(content)) {
    const [receiptId = '', kind] = key.split(' ') as [string, DeliveryKind]
    byReceipt.set(receiptId, { ...byReceipt.get(receiptId), [kind]: record })
  }
  return byReceipt
}
