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
}

const readers: Array<{ prefix: string } & NamedViewReader> = []

/** Documents whose name starts with `prefix` keep a view made by `read` (pure, the same for every device). */
export function defineNamedView<T, V>(prefix: string, read: (doc: T) => V, shape = 1): void {
  if (!readers.some((reader) => reader.prefix === prefix)) readers.push({ prefix, read: read as NamedViewReader['read'], shape })
}

export function namedViewReader(name: string): NamedViewReader | undefined {
  return readers.find((reader) => name.startsWith(reader.prefix))
}
