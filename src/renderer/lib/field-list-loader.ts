import type { MeVaultApi } from '../../shared/api.js'
import { BLOCK_SIZE, blocksFor, listingKey, listingScope, withPage, type FieldListing, type ListQuestion } from './field-listing.js'

export interface FieldListState {
  listing: FieldListing | null
  /** Why the last request for the current question failed; null once one succeeds. */
  error: unknown
}

/**
 * Fetches the field list a block at a time, for the rows the list renders (plus a margin) and
 * nothing else: a keystroke asks the engine for the first rows of its matches, a scroll for the
 * rows it reaches. Only the latest question is answered: replies to earlier ones are dropped, so a
 * slow reply to "ad" never replaces the list for "ada". No timer: nothing waits for typing to stop.
 */
export class FieldListLoader {
  private question: ListQuestion | null = null
  private key = ''
  private range = { start: 0, end: 0 }
  private listing: FieldListing | null = null
  /** Blocks requested and not answered yet, by block and question. */
  private readonly asked = new Set<string>()

  constructor(
    private readonly api: MeVaultApi,
    private readonly onChange: (state: FieldListState) => void
  ) {}

  /** A new question (a keystroke, a tier, a change made here): from now on only its replies count. */
  ask(question: ListQuestion): void {
    const key = listingKey(question)
    if (key === this.key) return
    // Another search or tier is another list, shown from its top; a change made here keeps the place.
    if (this.question === null || listingScope(this.question) !== listingScope(question)) this.range = { start: 0, end: 0 }
    this.question = question
    this.key = key
    this.fill()
  }

  /** The rows the list renders now, [start, end): fetches the blocks around them it lacks. */
  show(start: number, end: number): void {
    this.range = { start, end }
    this.fill()
  }

  private fill(): void {
    if (this.question === null) return
    const current = this.listing?.key === this.key ? this.listing : null
    for (const block of blocksFor(this.range.start, this.range.end, current?.rows)) {
      if (!current?.blocks.has(block)) this.fetch(this.question, block)
    }
  }

  private fetch(question: ListQuestion, block: number): void {
    const key = listingKey(question)
    const id = `${block}@${key}`
    if (this.asked.has(id)) return
    this.asked.add(id)
    const query = question.query.trim()
    this.api['fields.page']({
      ...(query === '' ? {} : { query }),
      ...(question.tier === null ? {} : { tier: question.tier }),
      offset: block * BLOCK_SIZE,
      limit: BLOCK_SIZE,
      byRecord: true
    }).then(
      (page) => {
        this.asked.delete(id)
        if (key !== this.key) return
        this.listing = withPage(this.listing, question, page)
        this.onChange({ listing: this.listing, error: null })
        // The first reply tells the list's length; a list that changed length starts afresh.
        this.fill()
      },
      (failure: unknown) => {
        this.asked.delete(id)
        if (key === this.key) this.onChange({ listing: this.listing, error: failure })
      }
    )
  }
}
