import { createHash } from 'node:crypto'
import { ImmutableString } from '@automerge/automerge-repo'
import { badInput } from '../../shared/errors.js'
import { defineSyncedDocument } from '../vault/synced-documents.js'
import type { Vault } from '../vault/vault.js'

/**
 * The requests the person has received and not dismissed (issue 15, finding 4): kept in the vault,
 * sealed and synced like everything else, so locking, a reload or another device loses none of
 * them. A request is kept exactly as received (its hash binds the answer to it), keyed by that
 * hash: receiving the same request again keeps one entry. Whether it was answered is the
 * ledger's to say (the preview's answeredBefore), never a second record here.
 */
export const INBOX_DOCUMENT = 'inbox'
/** Enough for months of requests; the oldest go first when full. */
export const MAX_INBOX_ENTRIES = 200

export interface InboxEntry {
  key: string
  fileName: string
  text: string
  receivedAt: string
}

type InboxDoc = Record<string, ImmutableString>

defineSyncedDocument({ name: INBOX_DOCUMENT, schema: 1 })

export async function listInbox(vault: Vault): Promise<InboxEntry[]> {
  const doc = (await vault.document<InboxDoc>(INBOX_DOCUMENT)).doc()
  return Object.values(doc)
    .map((entry) => JSON.parse(entry.val) as InboxEntry)
    .sort((a, b) => b.receivedAt.localeCompare(a.receivedAt) || a.key.localeCompare(b.key))
}

export async function keepInInbox(vault: Vault, text: string, fileName: string): Promise<InboxEntry> {
  if (text.trim() === '') throw badInput('An empty request is not kept')
  const key = createHash('sha256').update(text, 'utf8').digest('hex')
  const handle = await vault.document<InboxDoc>(INBOX_DOCUMENT)
  const existing = handle.doc()[key]
  if (existing) return JSON.parse(existing.val) as InboxEntry
  const entry: InboxEntry = { key, fileName: fileName.slice(0, 200), text, receivedAt: vault.now().toISOString() }
  const overflow = (await listInbox(vault)).slice(MAX_INBOX_ENTRIES - 1)
  await vault.changeDocument(handle, (doc) => {
    for (const old of overflow) delete doc[old.key]
    doc[key] = new ImmutableString(JSON.stringify(entry))
  })
  return entry
}

export async function dismissFromInbox(vault: Vault, key: string): Promise<void> {
  const handle = await vault.document<InboxDoc>(INBOX_DOCUMENT)
  if (!handle.doc()[key]) return
  await vault.changeDocument(handle, (doc) => {
    delete doc[key]
  })
}
