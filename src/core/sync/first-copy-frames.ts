import { cbor, type DocumentId } from '@automerge/automerge-repo'
import { integrity } from '../../shared/errors.js'
import { binaryDocumentId, documentIdOf } from './repo-message-codec.js'

/*
 * The first copy: what a paired device's `sync serve` sends a new device, on a secure channel of its
 * own (announced with `firstCopy`), so the new device gets every record without one automerge-repo
 * sync round per document. Frames, all sealed by the channel (in order, none dropped unnoticed):
 *   PART: CBOR [[16-byte document id, the document's saved bytes], ...], at most ~1 MiB each;
 *   END:  CBOR {count, heads: [[16-byte document id, [hex head, ...]], ...]}: how many documents the
 *         parts held, and each document's heads on the sending device as the copy was taken.
 * A copy that ends without END, or whose count is wrong, is refused whole.
 */
// Apart from the repo message kinds (0 to 3, repo-message-codec.ts): a device that does not know
// first copies treats the channel as a sync session and sends repo messages, told apart by this.
const PART = 0x51
const END = 0x52
/** A part is closed once it holds this many bytes of documents (a big document travels alone). */
export const PART_BYTES = 1024 * 1024

export interface CopiedDocument {
  id: DocumentId
  bytes: Uint8Array
}

export interface CopyEnd {
  count: number
  heads: Map<DocumentId, string[]>
}

export type CopyFrame = { kind: 'part'; documents: CopiedDocument[] } | { kind: 'end'; end: CopyEnd } | { kind: 'not-a-copy' }

function frame(kind: number, body: unknown): Uint8Array {
  const encoded = cbor.encode(body)
  const out = new Uint8Array(1 + encoded.length)
  out[0] = kind
  out.set(encoded, 1)
  return out
}

function idBytes(id: DocumentId): Uint8Array {
  const binary = binaryDocumentId(id)
  if (!binary) throw new Error(`not a vault document id: ${id}`)
  return binary
}

/** The documents as PART frames of about PART_BYTES each. */
export function encodeParts(documents: readonly CopiedDocument[]): Uint8Array[] {
  const frames: Uint8Array[] = []
  let part: Array<[Uint8Array, Uint8Array]> = []
  let size = 0
  for (const { id, bytes } of documents) {
    part.push([idBytes(id), bytes])
    size += bytes.length + 32
    if (size >= PART_BYTES) {
      frames.push(frame(PART, part))
      part = []
      size = 0
    }
  }
  if (part.length > 0) frames.push(frame(PART, part))
  return frames
}

export const encodeEnd = (end: CopyEnd): Uint8Array =>
  frame(END, { count: end.count, heads: [...end.heads].map(([id, heads]) => [idBytes(id), heads]) })

const isBytes = (value: unknown): value is Uint8Array => value instanceof Uint8Array
const isHeads = (value: unknown): value is string[] =>
  Array.isArray(value) && value.length <= 1024 && value.every((head) => typeof head === 'string' && /^[0-9a-f]{64}$/.test(head))

function documentIdFrom(value: unknown): DocumentId {
  if (!isBytes(value) || value.length !== 16) throw integrity('a document id in the first copy is malformed')
  return documentIdOf(value)
}

/** One frame of a first copy; INTEGRITY when it is not one. */
export function decodeCopyFrame(bytes: Uint8Array): CopyFrame {
  if (bytes[0] !== PART && bytes[0] !== END) return { kind: 'not-a-copy' }
  let body: unknown
  try {
    body = cbor.decode(bytes.subarray(1))
  } catch {
    throw integrity('a first-copy frame is not valid CBOR')
  }
  if (bytes[0] === PART) {
    if (!Array.isArray(body)) throw integrity('a first-copy part is malformed')
    return {
      kind: 'part',
      documents: body.map((entry: unknown) => {
        if (!Array.isArray(entry) || entry.length !== 2 || !isBytes(entry[1])) throw integrity('a document in the first copy is malformed')
        return { id: documentIdFrom(entry[0]), bytes: entry[1] }
      })
    }
  }
  const { count, heads } = (body ?? {}) as { count?: unknown; heads?: unknown }
  if (typeof count !== 'number' || !Number.isSafeInteger(count) || count < 0 || !Array.isArray(heads)) throw integrity('the end of the first copy is malformed')
  const byId = new Map<DocumentId, string[]>()
  for (const entry of heads as unknown[]) {
    if (!Array.isArray(entry) || entry.length !== 2 || !isHeads(entry[1])) throw integrity('the heads in the first copy are malformed')
    byId.set(documentIdFrom(entry[0]), entry[1])
  }
  return { kind: 'end', end: { count, heads: byId } }
}
