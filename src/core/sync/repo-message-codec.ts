import {
  cbor,
  documentIdToBinary,
  interpretAsDocumentId,
  type BinaryDocumentId,
  type DocumentId,
  type Message,
  type PeerId
} from '@automerge/automerge-repo'
import { integrity } from '../../shared/errors.js'

/*
 * automerge-repo messages on a secure channel. The target is always us and, for every message that can
 * change a document, the sender is the channel's authenticated peer: both are left off the wire and
 * filled in from the channel, so a device cannot speak for another peer id. Only ephemeral messages keep
 * their sender, because automerge-repo relays them between peers unchanged.
 *
 * Layout: one kind byte, then
 *   SYNC / REQUEST:   the 16-byte binary document id, then the Automerge sync message as is;
 *   DOC_UNAVAILABLE:  the 16-byte binary document id;
 *   GENERIC:          a CBOR map of every other field (ephemeral, remote-heads and future messages).
 * The compact kinds carry the frequent messages with 17 bytes of framing instead of ~60 of CBOR keys.
 */
const GENERIC = 0
const SYNC = 1
const REQUEST = 2
const DOC_UNAVAILABLE = 3
const DOCUMENT_ID_BYTES = 16
const COMPACT_KINDS: Record<string, number> = { sync: SYNC, request: REQUEST, 'doc-unavailable': DOC_UNAVAILABLE }
const KIND_TYPES = new Map(Object.entries(COMPACT_KINDS).map(([type, kind]) => [kind, type]))
const COMPACT_FIELDS = new Set(['type', 'senderId', 'targetId', 'documentId', 'data'])

/*
 * Converting a document id either way is a base58check (two SHA-256) in automerge-repo, and a sync
 * of a thousand documents sends and receives thousands of messages: both directions are memoized.
 * Bounded: emptied when full, since a vault's documents are what gets converted again and again.
 */
const MEMO_LIMIT = 20_000
const toBinary = new Map<string, Uint8Array | undefined>()
const fromBinary = new Map<string, DocumentId>()

function remember<K, V>(memo: Map<K, V>, key: K, value: V): V {
  if (memo.size >= MEMO_LIMIT) memo.clear()
  memo.set(key, value)
  return value
}

/** The document id as 16 bytes, when it round-trips exactly; otherwise undefined (use GENERIC). */
export function binaryDocumentId(documentId: unknown): Uint8Array | undefined {
  if (typeof documentId !== 'string') return undefined
  if (toBinary.has(documentId)) return toBinary.get(documentId)
  const binary = documentIdToBinary(documentId as DocumentId)
  const exact = binary && binary.length === DOCUMENT_ID_BYTES && interpretAsDocumentId(binary) === documentId
  return remember(toBinary, documentId, exact ? binary : undefined)
}

export function documentIdOf(binary: Uint8Array): DocumentId {
  const key = Buffer.from(binary.buffer, binary.byteOffset, binary.byteLength).toString('latin1')
  return fromBinary.get(key) ?? remember(fromBinary, key, interpretAsDocumentId(binary.slice() as BinaryDocumentId))
}

function encodeCompact(message: Message): Uint8Array | undefined {
  const kind = COMPACT_KINDS[message.type]
  if (kind === undefined || !Object.keys(message).every((key) => COMPACT_FIELDS.has(key))) return undefined
  const documentId = binaryDocumentId(message.documentId)
  if (!documentId) return undefined
  const data = kind === DOC_UNAVAILABLE ? undefined : message.data
  if (kind !== DOC_UNAVAILABLE && !(data instanceof Uint8Array)) return undefined
  if (kind === DOC_UNAVAILABLE && message.data !== undefined) return undefined
  const out = new Uint8Array(1 + DOCUMENT_ID_BYTES + (data?.length ?? 0))
  out[0] = kind
  out.set(documentId, 1)
  if (data) out.set(data, 1 + DOCUMENT_ID_BYTES)
  return out
}

export function encodeRepoMessage(message: Message): Uint8Array {
  const compact = encodeCompact(message)
  if (compact) return compact
  const { senderId, targetId: _target, ...rest } = message
  const body = cbor.encode(message.type === 'ephemeral' ? { ...rest, senderId } : rest)
  const out = new Uint8Array(1 + body.length)
  out[0] = GENERIC
  out.set(body, 1)
  return out
}

export function decodeRepoMessage(bytes: Uint8Array, channelPeerId: PeerId, localPeerId: PeerId): Message {
  const kind = bytes[0]
  const type = kind === undefined ? undefined : KIND_TYPES.get(kind)
  if (type !== undefined) {
    if (bytes.length < 1 + DOCUMENT_ID_BYTES) throw integrity(`"${type}" message is truncated`)
    const documentId = documentIdOf(bytes.subarray(1, 1 + DOCUMENT_ID_BYTES))
    const message: Message = { type, senderId: channelPeerId, targetId: localPeerId, documentId }
    if (kind !== DOC_UNAVAILABLE) message.data = bytes.slice(1 + DOCUMENT_ID_BYTES)
    return message
  }
  if (kind !== GENERIC) throw integrity(`unknown message kind ${kind ?? 'none'}`)
  return decodeGeneric(bytes.subarray(1), channelPeerId, localPeerId)
}

function decodeGeneric(bytes: Uint8Array, channelPeerId: PeerId, localPeerId: PeerId): Message {
  let decoded: unknown
  try {
    decoded = cbor.decode(bytes)
  } catch {
    throw integrity('message is not valid CBOR')
  }
  if (typeof decoded !== 'object' || decoded === null || Array.isArray(decoded)) {
    throw integrity('message is not a map')
  }
  const { senderId, targetId, ...fields } = decoded as Record<string, unknown>
  if (typeof fields.type !== 'string') throw integrity('message has no type')
  if (targetId !== undefined) throw integrity('message names its own target')
  if (fields.data !== undefined && !(fields.data instanceof Uint8Array)) throw integrity('message data is not bytes')
  let sender = channelPeerId
  if (fields.type === 'ephemeral') {
    if (typeof senderId !== 'string' || senderId.length === 0) throw integrity('ephemeral message has no sender')
    sender = senderId as PeerId
  } else if (senderId !== undefined) {
    throw integrity(`a "${fields.type}" message may not name its own sender`)
  }
  return { ...(fields as Omit<Message, 'senderId' | 'targetId'>), senderId: sender, targetId: localPeerId }
}
