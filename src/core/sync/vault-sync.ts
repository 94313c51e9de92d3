import type { DocHandle, DocumentId, PeerId } from '@automerge/automerge-repo'
import { MeVaultError } from '../../shared/errors.js'
import type { FieldView } from '../../shared/types.js'
import { ledgerMonths } from '../ledger/ledger-store.js'
import type { KeyChange } from '../devices/key-ring.js'
import type { Vault } from '../vault/vault.js'

/** Named documents that travel with the vault besides the index and the records. */
export const SYNCED_DOCUMENTS = ['devices', 'keys', 'policy', 'ledger/months', 'ledger/answered', 'ledger/withdrawals']

/**
 * Every named document to sync now: the fixed ones, and one ledger shard per month the (possibly
 * just synced) month list names. Asked again each round, so shards named by the peer follow.
 */
export async function namedDocumentsToSync(vault: Vault): Promise<string[]> {
  const months = await ledgerMonths(vault)
  return [...SYNCED_DOCUMENTS, ...months.map((month) => `ledger/receipts/${month}`)]
}

/** What a sync changed here, from this device's point of view. */
export interface SyncSummary {
  fieldsAdded: number
  fieldsUpdated: number
  fieldsRemoved: number
  recordsAdded: number
  documents: number
  /** Present when the sync moved this vault to a new key: one another device made, or a new one here. */
  vaultKey?: 'adopted' | 'rotated'
}

export interface Snapshot {
  fields: Map<string, string>
  records: Set<string>
}

export async function snapshot(vault: Vault): Promise<Snapshot> {
  const fields = new Map<string, string>()
  for (const field of await vault.list()) fields.set(field.path, fingerprintOf(field))
  return { fields, records: new Set(await vault.recordNames()) }
}

const fingerprintOf = (field: FieldView): string => JSON.stringify([field.value, field.tier, field.type])

/** The summary's key field, from what keepKeyCurrent did (absent when the key stayed). */
export const keyOutcome = (...changes: KeyChange[]): Pick<SyncSummary, 'vaultKey'> => {
  const changed = changes.filter((change) => change !== 'unchanged').at(-1)
  return changed ? { vaultKey: changed } : {}
}

export function compareSnapshots(before: Snapshot, after: Snapshot, documents: number): SyncSummary {
  let fieldsAdded = 0
  let fieldsUpdated = 0
  for (const [path, now] of after.fields) {
    const was = before.fields.get(path)
    if (was === undefined) fieldsAdded += 1
    else if (was !== now) fieldsUpdated += 1
  }
  const fieldsRemoved = [...before.fields.keys()].filter((path) => !after.fields.has(path)).length
  const recordsAdded = [...after.records].filter((record) => !before.records.has(record)).length
  return { fieldsAdded, fieldsUpdated, fieldsRemoved, recordsAdded, documents }
}

/** "3 fields updated, 1 record added", or "already in step". */
export function describeSummary(summary: SyncSummary): string {
  const parts: string[] = []
  const count = (n: number, one: string, many: string, verb: string): void => {
    if (n > 0) parts.push(`${n} ${n === 1 ? one : many} ${verb}`)
  }
  count(summary.recordsAdded, 'record', 'records', 'added')
  count(summary.fieldsAdded, 'field', 'fields', 'added')
  count(summary.fieldsUpdated, 'field', 'fields', 'updated')
  count(summary.fieldsRemoved, 'field', 'fields', 'removed')
  if (summary.vaultKey === 'adopted') parts.push('moved to the new vault key made after a device was revoked')
  if (summary.vaultKey === 'rotated') parts.push('made a new vault key, since a revoked device held the old one')
  return parts.length > 0 ? parts.join(', ') : 'already in step: nothing changed here'
}

/** What the peer has told us this session: documents it answered for, and those it does not hold. */
interface PeerKnowledge {
  heard: Set<DocumentId>
  peerLacks: Set<DocumentId>
}

const sameHeads = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && [...a].sort().join() === [...b].sort().join()

/**
 * Syncs every vault document with one connected peer until both hold the same heads: the index,
 * each record (asked for by its derived id, so records made on the other device arrive), the named
 * documents. Loops because the index can name new records once it has synced. Resolves with the
 * number of documents in step; rejects if the peer goes away or time runs out.
 */
export async function syncAllWith(
  vault: Vault,
  peerId: PeerId,
  options: { timeoutMs?: number; isConnected: () => boolean }
): Promise<number> {
  const deadline = Date.now() + (options.timeoutMs ?? 30_000)
  const handles = new Map<DocumentId, DocHandle<unknown> | undefined>()
  // A named document neither side has written to yet stays empty; the peer says it has none.
  const peerLacks = new Set<DocumentId>()
  // Sync state persisted from an earlier session can already show the peer at our heads: a document
  // counts as in step only once the peer has answered for it in this session.
  const heard = new Set<DocumentId>()
  const noteMessage = (message: { type: string; senderId: PeerId; documentId?: DocumentId }): void => {
    if (message.senderId !== peerId || !message.documentId) return
    heard.add(message.documentId)
    if (message.type === 'doc-unavailable') peerLacks.add(message.documentId)
  }
  vault.repo.networkSubsystem.on('message', noteMessage)
  try {
    return await syncHandles(vault, peerId, handles, { peerLacks, heard }, deadline, options.isConnected)
  } finally {
    vault.repo.networkSubsystem.off('message', noteMessage)
  }
}

async function syncHandles(
  vault: Vault,
  peerId: PeerId,
  handles: Map<DocumentId, DocHandle<unknown> | undefined>,
  peer: PeerKnowledge,
  deadline: number,
  isConnected: () => boolean
): Promise<number> {
  for (;;) {
    const named = await namedDocumentsToSync(vault)
    for (const name of named) await vault.document(name) // empty under its derived id until synced
    const ids = (await vault.syncDocumentIds(named)).filter((id) => !handles.has(id))
    for (const [id, handle] of await findAllWhileConnected(vault, ids, deadline, isConnected)) handles.set(id, handle)
    await waitUntilInStep(vault, peerId, present(handles), peer, deadline, isConnected)
    const more = (await vault.syncDocumentIds(await namedDocumentsToSync(vault))).some((id) => !handles.has(id))
    if (!more) break
  }
  // Durable before reporting, with each document's heads for the damage check on load: all in one
  // transaction (one disk sync), not one per document.
  const held = present(handles)
  await vault.saveDocuments(held)
  return held.length
}

const present = (handles: Map<DocumentId, DocHandle<unknown> | undefined>): DocHandle<unknown>[] =>
  [...handles.values()].filter((handle): handle is DocHandle<unknown> => handle !== undefined)

/**
 * Finds each document here or asks the peer for it. A document the peer is still sending when the
 * line goes dead would keep repo.find() waiting for a minute, so the search is abandoned as soon as
 * the peer is gone or time is up. A document neither side holds (named in the index, never synced
 * from a third device yet) maps to undefined.
 */
async function findAllWhileConnected(
  vault: Vault,
  ids: DocumentId[],
  deadline: number,
  isConnected: () => boolean
): Promise<Map<DocumentId, DocHandle<unknown> | undefined>> {
  const stop = new AbortController()
  const watch = setInterval(() => {
    if (!isConnected() || Date.now() > deadline) stop.abort()
  }, 20)
  try {
    const found = await Promise.all(
      ids.map(async (id) => [id, await vault.repo.find(id, { signal: stop.signal }).catch(() => undefined)] as const)
    )
    if (stop.signal.aborted) throw isConnected() ? timedOut() : wentAway()
    return new Map(found)
  } finally {
    clearInterval(watch)
  }
}

const timedOut = (): MeVaultError => new MeVaultError('TIMED_OUT', 'timed out before both devices were in step')
const wentAway = (): MeVaultError => new MeVaultError('CONNECTION_LOST', 'the connection was lost before both devices were in step')

async function waitUntilInStep(
  vault: Vault,
  peerId: PeerId,
  handles: DocHandle<unknown>[],
  peer: PeerKnowledge,
  deadline: number,
  isConnected: () => boolean
): Promise<void> {
  let stableRounds = 0
  for (;;) {
    if (!isConnected()) throw wentAway()
    const storageId = vault.repo.peerMetadataByPeerId[peerId]?.storageId
    const inStep =
      storageId !== undefined &&
      handles.every((handle) => {
        if (!peer.heard.has(handle.documentId)) return false
        if (handle.heads().length === 0 && peer.peerLacks.has(handle.documentId)) return true
        const info = handle.getSyncInfo(storageId)
        return info !== undefined && sameHeads(info.lastHeads, handle.heads())
      })
    stableRounds = inStep ? stableRounds + 1 : 0
    if (stableRounds >= 3) return // a few quiet polls: no message in flight still changing either side
    if (Date.now() > deadline) throw timedOut()
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}
