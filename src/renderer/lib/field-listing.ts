import type { FieldPage, RecordHeader } from '../../shared/api.js'
import type { FieldView, Tier } from '../../shared/types.js'

/** One row of the list grouped by record: a record's header, or one of its fields. */
export type ListItem = { kind: 'record'; header: RecordHeader } | { kind: 'field'; field: FieldView }

/** Rows are fetched in blocks of this many: one `fields.page` call each, the first bringing the counts. */
export const BLOCK_SIZE = 100
/** Rows fetched beyond the rendered ones on each side, so a scroll rarely meets a row still loading. */
export const MARGIN_ROWS = 50

/** What the person asks the list: a search, a tier, at a version of the vault (bumped by each change made here). */
export interface ListQuestion {
  query: string
  tier: Tier | null
  version: number
}

/** The answer so far to one question: the engine's counts, and the blocks of rows fetched. */
export interface FieldListing {
  /** The question these rows answer, and its key (listingKey). */
  question: ListQuestion
  key: string
  /** The same without the version: a new scope is a new list, shown from its top. */
  scope: string
  /** The fields matching the query and tier. */
  total: number
  /** Rows in the list: those fields and a header for each record they are in. */
  rows: number
  /** Every readable field of the vault by tier. */
  tiers: Record<Tier, number>
  damaged: FieldPage['damaged']
  pending: number
  blocks: ReadonlyMap<number, readonly ListItem[]>
}

/** Blank space around a search changes nothing, so it asks nothing new. */
export function listingScope(question: Omit<ListQuestion, 'version'>): string {
  return JSON.stringify([question.tier, question.query.trim()])
}

export function listingKey(question: ListQuestion): string {
  return `${question.version}:${listingScope(question)}`
}

/**
 * The blocks holding rows [start - margin, end + margin). Unknown `total` (a question not answered
 * yet): as if the list went on; once known, nothing past its end is asked for.
 */
export function blocksFor(start: number, end: number, total?: number, margin = MARGIN_ROWS, size = BLOCK_SIZE): number[] {
  const from = Math.max(0, start - margin)
  const to = total === undefined ? end + margin : Math.min(end + margin, total)
  const blocks: number[] = []
  for (let block = Math.floor(from / size); block * size < to; block++) blocks.push(block)
  return blocks
}

/**
 * The listing with one more page in it. Another question, or the same whose list changed length
 * (the vault changed behind it), starts afresh: rows of two different lists never mix.
 */
export function withPage(
  listing: FieldListing | null,
  question: ListQuestion,
  page: FieldPage,
  size = BLOCK_SIZE
): FieldListing {
  const key = listingKey(question)
  const rows = page.rows ?? page.total
  const keep = listing !== null && listing.key === key && listing.rows === rows
  const blocks = new Map(keep ? listing.blocks : [])
  blocks.set(Math.floor(page.offset / size), itemsOf(page))
  return { question, key, scope: listingScope(question), total: page.total, rows, tiers: page.tiers, damaged: page.damaged, pending: page.pending, blocks }
}

/** The page's rows in order: its headers where they stand, its fields in the rows between. */
export function itemsOf(page: FieldPage): ListItem[] {
  const headers = new Map((page.headers ?? []).map((header) => [header.at, header]))
  const items: ListItem[] = []
  let next = 0
  for (let row = page.offset; next < page.fields.length || headers.has(row); row++) {
    const header = headers.get(row)
    items.push(header ? { kind: 'record', header } : { kind: 'field', field: page.fields[next++]! })
  }
  return items
}

export function itemAt(listing: FieldListing, index: number, size = BLOCK_SIZE): ListItem | undefined {
  return listing.blocks.get(Math.floor(index / size))?.[index % size]
}

/** The field at row `index`, if that row is fetched and is a field (not a record's header). */
export function rowAt(listing: FieldListing, index: number, size = BLOCK_SIZE): FieldView | undefined {
  const item = itemAt(listing, index, size)
  return item?.kind === 'field' ? item.field : undefined
}

/** The record the row at `index` belongs to (a header's own, or a field's), if fetched. */
export function recordAt(listing: FieldListing, index: number, size = BLOCK_SIZE): string | undefined {
  const item = itemAt(listing, index, size)
  return item === undefined ? undefined : item.kind === 'record' ? item.header.record : item.field.record
}

/** Where a field is among the rows fetched so far, or -1. */
export function indexOfPath(listing: FieldListing, path: string, size = BLOCK_SIZE): number {
  for (const [block, items] of listing.blocks) {
    const at = items.findIndex((item) => item.kind === 'field' && item.field.path === path)
    if (at >= 0) return block * size + at
  }
  return -1
}

export function fieldsInVault(listing: FieldListing): number {
  return listing.tiers.private + listing.tiers.restricted + listing.tiers.public
}
