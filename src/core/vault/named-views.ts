/**
 * Named documents that keep a sealed view (the ledger's): each feature declares here how its
 * documents are read, once, at module load, so that every save of such a document writes its view
 * too, whichever code path saved it (an answer, a sync, a withdrawal).
 */
export interface NamedViewReader {
  read: (doc: unknown) => unknown
  /**
   * The shape of what `read` returns. A stored view of another shape (written by an earlier
   * version) is stale: its document is read again and the view rewritten.
   */
  shape: number
  /**
   * Slices of the view that a read needs alone, by name (the ledger's holders of one field), kept
   * beside the view (store/view-parts.ts) so that read opens only its slice. A name not returned
   * is an empty slice.
   */
  parts?: (content: unknown) => ReadonlyMap<string, unknown>
}

const readers: Array<{ prefix: string } & NamedViewReader> = []

/** Documents whose name starts with `prefix` keep a view made by `read` (pure, the same for every device). */
export function defineNamedView<T, V>(
  prefix: string,
  read: (doc: T) => V,
  shape = 1,
  parts?: (content: V) => ReadonlyMap<string, unknown>
): void {
  if (readers.some((reader) => reader.prefix === prefix)) return
  readers.push({ prefix, read: read as NamedViewReader['read'], shape, ...(parts ? { parts: parts as NamedViewReader['parts'] } : {}) })
}

export function namedViewReader(name: string): NamedViewReader | undefined {
  return readers.find((reader) => name.startsWith(reader.prefix))
}
