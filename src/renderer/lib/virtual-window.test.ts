import { describe, expect, it } from 'vitest'
import { scrollToReveal, visibleWindow } from './virtual-window.js'

describe('the list window (what keeps 10k fields fast)', () => {
  it('renders only a screenful plus overscan out of 10,000 rows', () => {
    const w = visibleWindow({ scrollTop: 560_000, viewportHeight: 560, rowHeight: 56, count: 10_000, overscan: 5 })
    // Scrolled to the end: the last ten rows on screen, five more above.
    expect(w).toEqual({ start: 9_985, end: 10_000, totalHeight: 560_000 })
    const middle = visibleWindow({ scrollTop: 280_000, viewportHeight: 560, rowHeight: 56, count: 10_000, overscan: 5 })
    expect(middle.start).toBe(4_995)
    expect(middle.end - middle.start).toBeLessThanOrEqual(25)
  })

  it('starts at the top, and copes with an empty list or a list that shrank under the scroll position', () => {
    expect(visibleWindow({ scrollTop: 0, viewportHeight: 500, rowHeight: 50, count: 3 })).toEqual({ start: 0, end: 3, totalHeight: 150 })
    expect(visibleWindow({ scrollTop: 0, viewportHeight: 500, rowHeight: 50, count: 0 })).toEqual({ start: 0, end: 0, totalHeight: 0 })
    const shrunk = visibleWindow({ scrollTop: 99_999, viewportHeight: 500, rowHeight: 50, count: 20, overscan: 0 })
    expect(shrunk.end).toBe(20)
    expect(shrunk.start).toBe(10)
  })

  it('scrolls just enough to reveal the row the keyboard moved to', () => {
    expect(scrollToReveal(0, 100, 500, 50)).toBe(0)
    expect(scrollToReveal(12, 0, 500, 50)).toBe(150)
    expect(scrollToReveal(3, 0, 500, 50)).toBeNull()
  })
})
