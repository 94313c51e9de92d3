/**
 * Named documents that keep a sealed view (the ledger's): each feature declares here how its
 * documents are read, once, at module load, so that every save of such a document writes its view
 * too, whichever code path saved it (an answer, a sync, a withdrawal).
 */
type Reader = (doc: unknown) => unknown

const readers: Array<{ prefix: string; read: Reader }> = []

/** Documents whose name starts with `prefix` keep a view made by `read` (pure, the same for every device). */
export function defineNamedView<T, V>(prefix: string, read: (doc: T) => V): void {
  if (!readers.some((reader) => reader.prefix === prefix)) readers.push({ prefix, read: read as Reader })
}

export function namedViewReader(name: string): Reader | undefined {
  return readers.find((reader) => name.startsWith(reader.prefix))?.read
}
