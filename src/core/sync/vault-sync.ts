import type { DocHandle, DocumentId, PeerId } from '@automerge/automerge-repo'
import { MeVaultError } from '../../shared/errors.js'
import type { FieldView } from '../../shared/types.js'
import type { KeyChange } from '../devices/key-ring.js'
import type { SyncPort } from '../vault/sync-port.js'
import { newerSchema, newerThanKnown, SCHEMAS_DOCUMENT, type SchemasDoc, syncedDocuments } from '../vault/synced-documents.js'
import type { Vault } from '../vault/vault.js'
import './synced-features.js'

/**
 * Every named document to sync now, from the registry each feature declares its documents in
 * (vault/synced-documents.ts; synced-features.ts loads the features): the fixed ones, and each
 * family's members, such as one ledger shard per month the (possibly just synced) month list
 * names. Asked again each round, so members named by the peer follow.
 */
export async function namedDocumentsToSync(vault: Vault): Promise<string[]> {
  const names: string[] = []
  for (const declared of syncedDocuments()) names.push(...(declared.members ? await declared.members(vault) : [declared.name]))
  return names
}

/**
 * After a sync has saved what it brought: refuses, with NEWER_SCHEMA, if the `schemas` document now
 * says a newer MeVault wrote any of the synced documents (none of them was read: see synced-documents.ts).
 */
export async function refuseNewerSchemas(vault: Vault, named: readonly string[]): Promise<void> {
  const schemas = (await vault.syncPort().open(SCHEMAS_DOCUMENT)).doc() as SchemasDoc
  const [newer] = newerThanKnown(schemas, named)
  if (newer) throw newerSchema(newer[0], newer[1])
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
  options: {
    timeoutMs?: number
    isConnected: () => boolean
    /**
     * Documents known to be at the peer's heads already (a first copy just brought them): left out
     * unless the peer says something about one during this session (it changed there since).
     */
    settled?: ReadonlySet<DocumentId>
  }
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
  const stopNoting = vault.syncPort().onMessage(noteMessage)
  try {
    return await syncHandles(vault, peerId, handles, { peerLacks, heard }, deadline, options.isConnected, options.settled ?? new Set())
  } finally {
    stopNoting()
  }
}

async function syncHandles(
  vault: Vault,
  peerId: PeerId,
  handles: Map<DocumentId, DocHandle<unknown> | undefined>,
  peer: PeerKnowledge,
  deadline: number,
  isConnected: () => boolean,
  settled: ReadonlySet<DocumentId>
): Promise<number> {
  const port = vault.syncPort()
  const wanted = (id: DocumentId): boolean => !handles.has(id) && (!settled.has(id) || peer.heard.has(id))
  let named: string[]
  for (;;) {
    named = await namedDocumentsToSync(vault)
    for (const name of named) await port.open(name) // empty under its derived id until synced
    const ids = (await port.documentIds(named)).filter(wanted)
    for (const [id, handle] of await findAllWhileConnected(port, ids, deadline, isConnected)) handles.set(id, handle)
    await waitUntilInStep(port, peerId, present(handles), peer, deadline, isConnected)
    const more = (await port.documentIds(await namedDocumentsToSync(vault))).some(wanted)
    if (!more) break
  }
  // Durable before reporting, with each document's heads for the damage check on load: all in one
  // transaction (one disk sync), not one per document.
  const held = present(handles)
  await port.save(held)
  await refuseNewerSchemas(vault, named)
  return held.length + [...settled].filter((id) => !handles.has(id)).length
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
  port: SyncPort,
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
      ids.map(async (id) => [id, await port.find(id, stop.signal)] as const)
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
  port: SyncPort,
  peerId: PeerId,
  handles: DocHandle<unknown>[],
  peer: PeerKnowledge,
  deadline: number,
  isConnected: () => boolean
): Promise<void> {
  let stableRounds = 0
  for (;;) {
    if (!isConnected()) throw wentAway()
    const storageId = port.peerStorageId(peerId)
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
