/** Which rows of a fixed-row-height list are on screen (plus a few either side), and where they go. */
export interface VisibleWindow {
  /** First rendered index (inclusive). */
  start: number
  /** Last rendered index (exclusive). */
  end: number
  /** Height of the whole list, so the scrollbar tells the truth. */
  totalHeight: number
}

export function visibleWindow(options: {
  scrollTop: number
  viewportHeight: number
  rowHeight: number
  count: number
  overscan?: number
}): VisibleWindow {
  const { rowHeight, count } = options
  const overscan = options.overscan ?? 6
  const totalHeight = count * rowHeight
  if (count === 0 || rowHeight <= 0) return { start: 0, end: 0, totalHeight: 0 }
  // A list that shrank under the scroll position still shows its last screenful.
  const maxScroll = Math.max(0, totalHeight - options.viewportHeight)
  const scrollTop = Math.min(Math.max(0, options.scrollTop), maxScroll)
  const first = Math.floor(scrollTop / rowHeight)
  const onScreen = Math.ceil(Math.max(options.viewportHeight, rowHeight) / rowHeight) + 1
  return {
    start: Math.max(0, first - overscan),
    end: Math.min(count, first + onScreen + overscan),
    totalHeight
  }
}

/** The scrollTop that brings row `index` fully into view, or null when it already is. */
export function scrollToReveal(index: number, scrollTop: number, viewportHeight: number, rowHeight: number): number | null {
  const top = index * rowHeight
  if (top < scrollTop) return top
  if (top + rowHeight > scrollTop + viewportHeight) return top + rowHeight - viewportHeight
  return null
}
