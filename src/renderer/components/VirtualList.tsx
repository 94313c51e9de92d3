import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react'
import { scrollToReveal, visibleWindow } from '../lib/virtual-window.js'

/**
 * A windowed list: only the rows on screen are in the DOM, so 10,000 fields scroll as fast as 10.
 * The list need not hold its items: `itemAt` gives those fetched so far, and a row not fetched yet
 * shows as loading; `onRangeChange` says which rows are rendered, so the caller can fetch them.
 * Rows have one fixed height. Arrow keys, Home and End move the active row and keep it in view;
 * the list is one Tab stop (roving tabindex: only one row is tabbable).
 * Rows are placed with CSSOM styles (allowed by our CSP, unlike style attributes in markup).
 */
export function VirtualList<T>(props: {
  count: number
  itemAt: (index: number) => T | undefined
  rowHeight: number
  label: string
  keyOf: (item: T) => string
  activeIndex: number
  onActivate: (index: number) => void
  /** `tabbable`: the one row of the list that Tab reaches (the active one, else the first shown). */
  renderRow: (item: T, index: number, tabbable: boolean) => ReactNode
  /** Rows the keyboard stops at (not a group's header); every row when absent. */
  isSelectable?: (item: T) => boolean
  /** Shown over the top of the list: e.g. the group of the row at the top, as a sticky header. */
  overlay?: (topIndex: number) => ReactNode
  /** Pixels at the top the overlay covers: a row the keyboard moves to is scrolled below them. */
  topInset?: number
  /** The rows rendered now, [start, end), each time they change. */
  onRangeChange?: (start: number, end: number) => void
  /** A new value is a new list (another search or filter): it is shown from its top. */
  scrollResetKey?: string
}) {
  const { count, rowHeight, activeIndex, onRangeChange } = props
  const scroller = useRef<HTMLDivElement>(null)
  const [scrollTop, setScrollTop] = useState(0)
  const [viewport, setViewport] = useState(480)
  /** Set when the keyboard moved: the active row is focused once it is rendered (and fetched). */
  const focusPending = useRef(false)
  const selectable = (item: T | undefined): boolean => item !== undefined && (props.isSelectable?.(item) ?? true)

  useLayoutEffect(() => {
    const element = scroller.current
    if (!element) return
    setViewport(element.clientHeight)
    const observer = new ResizeObserver(() => setViewport(element.clientHeight))
    observer.observe(element)
    return () => observer.disconnect()
  }, [])

  // Before paint, so a new search never shows its first rows scrolled to where the last one was.
  // `scrollTop` as last scrolled, not the element's: reading that would force a layout on every keystroke.
  const scrolledTo = useRef(0)
  scrolledTo.current = scrollTop
  useLayoutEffect(() => {
    const element = scroller.current
    if (!element || scrolledTo.current === 0) return
    element.scrollTop = 0
    setScrollTop(0)
  }, [props.scrollResetKey])

  // Layout effects, both: they run in the commit of their own render, never later. A passive effect
  // of a render the scroll caused can be put off until the next key is pressed; run then, with that
  // render's old active row, it took the next key's pending focus (the focus stayed a row behind and
  // the next key started from there: a key lost when ArrowUp is held or pressed fast on a busy machine).
  // Scrolling first, so the row is focused where it is already in view, below the sticky name.
  useLayoutEffect(() => {
    const element = scroller.current
    if (!element || activeIndex < 0) return
    const inset = props.topInset ?? 0
    const target = scrollToReveal(activeIndex, element.scrollTop + inset, element.clientHeight - inset, rowHeight)
    if (target !== null) element.scrollTop = Math.max(0, target - inset)
  }, [activeIndex, rowHeight, props.topInset])

  // After every render: the row to focus may only now be in the DOM (after the scroll, or its fetch).
  // The active row may have moved on by then (a header skipped once it arrived): the active one is focused.
  useLayoutEffect(() => {
    if (!focusPending.current) return
    const row = scroller.current?.querySelector<HTMLElement>(`[data-index="${activeIndex}"] .row-main`)
    if (!row) return
    focusPending.current = false
    row.focus()
  })

  const window = visibleWindow({ scrollTop, viewportHeight: viewport, rowHeight, count })

  useEffect(() => {
    onRangeChange?.(window.start, window.end)
  }, [onRangeChange, window.start, window.end])

  function onKeyDown(event: KeyboardEvent) {
    const last = count - 1
    // From the row that has the focus (Tab may have entered on a row that is not the active one),
    // unless a move is still on its way there (its row not fetched or rendered yet, on a busy
    // machine): then from where that move goes, so no key pressed meanwhile is lost.
    const focused = Number((event.target as HTMLElement).closest('[data-index]')?.getAttribute('data-index') ?? NaN)
    const from = focusPending.current || Number.isNaN(focused) ? activeIndex : focused
    const page = Math.floor(viewport / rowHeight)
    const moves: Record<string, number> = {
      ArrowDown: Math.min(last, from + 1),
      ArrowUp: Math.max(0, from - 1),
      Home: 0,
      End: last,
      PageDown: Math.min(last, from + page),
      PageUp: Math.max(0, from - page)
    }
    let next = moves[event.key]
    if (next === undefined || last < 0 || (event.target as HTMLElement).closest('.tier-switch, .row-action')) return
    event.preventDefault()
    // A group's header is passed over: upwards to the row above it, else to the row below.
    const upwards = event.key === 'ArrowUp' || event.key === 'PageUp'
    const item = props.itemAt(next)
    if (item !== undefined && !selectable(item)) next = upwards && next > 0 ? next - 1 : Math.min(last, next + 1)
    focusPending.current = true
    props.onActivate(next)
  }

  // One Tab stop: the active row when shown, else the first row shown that the keyboard stops at.
  let tabStop = -1
  if (activeIndex >= window.start && activeIndex < window.end && selectable(props.itemAt(activeIndex))) tabStop = activeIndex
  for (let index = window.start; tabStop < 0 && index < window.end; index++) if (selectable(props.itemAt(index))) tabStop = index

  const rows: ReactNode[] = []
  for (let index = window.start; index < window.end; index++) {
    const item = props.itemAt(index)
    rows.push(
      <li
        key={item === undefined ? `loading:${index}` : props.keyOf(item)}
        className={`virtual-row${index === activeIndex ? ' active' : ''}`}
        data-index={index}
        aria-setsize={count}
        aria-posinset={index + 1}
        aria-busy={item === undefined ? true : undefined}
        style={{ transform: `translateY(${index * rowHeight}px)`, height: `${rowHeight}px` }}
      >
        {item === undefined ? <span className="row-loading">Loading…</span> : props.renderRow(item, index, index === tabStop)}
      </li>
    )
  }

  return (
    <div className="virtual-frame">
      {props.overlay?.(Math.floor(scrollTop / rowHeight))}
      <div className="virtual-scroller" ref={scroller} onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}>
        <ul className="virtual-list" aria-label={props.label} onKeyDown={onKeyDown} style={{ height: `${window.totalHeight}px` }}>
          {rows}
        </ul>
      </div>
    </div>
  )
}
