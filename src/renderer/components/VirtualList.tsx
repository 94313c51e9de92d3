import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react'
import { scrollToReveal, visibleWindow } from '../lib/virtual-window.js'

/**
 * A windowed list: only the rows on screen are in the DOM, so 10,000 fields scroll as fast as 10.
 * Rows have one fixed height. Arrow keys, Home and End move the active row and keep it in view.
 * Rows are placed with CSSOM styles (allowed by our CSP, unlike style attributes in markup).
 */
export function VirtualList<T>(props: {
  items: readonly T[]
  rowHeight: number
  label: string
  keyOf: (item: T) => string
  activeIndex: number
  onActivate: (index: number) => void
  renderRow: (item: T, index: number) => ReactNode
}) {
  const { items, rowHeight, activeIndex } = props
  const scroller = useRef<HTMLDivElement>(null)
  const [scrollTop, setScrollTop] = useState(0)
  const [viewport, setViewport] = useState(480)
  const focusAfterMove = useRef(false)

  useLayoutEffect(() => {
    const element = scroller.current
    if (!element) return
    setViewport(element.clientHeight)
    const observer = new ResizeObserver(() => setViewport(element.clientHeight))
    observer.observe(element)
    return () => observer.disconnect()
  }, [])

  useEffect(() => {
    const element = scroller.current
    if (!element || activeIndex < 0) return
    const target = scrollToReveal(activeIndex, element.scrollTop, element.clientHeight, rowHeight)
    if (target !== null) element.scrollTop = target
    if (focusAfterMove.current) {
      focusAfterMove.current = false
      // The row exists once the scroll re-rendered the window.
      requestAnimationFrame(() => element.querySelector<HTMLElement>(`[data-index="${activeIndex}"] .row-main`)?.focus())
    }
  }, [activeIndex, rowHeight])

  function onKeyDown(event: KeyboardEvent) {
    const last = items.length - 1
    const moves: Record<string, number> = {
      ArrowDown: Math.min(last, activeIndex + 1),
      ArrowUp: Math.max(0, activeIndex - 1),
      Home: 0,
      End: last,
      PageDown: Math.min(last, activeIndex + Math.floor(viewport / rowHeight)),
      PageUp: Math.max(0, activeIndex - Math.floor(viewport / rowHeight))
    }
    const next = moves[event.key]
    if (next === undefined || last < 0 || (event.target as HTMLElement).closest('.tier-switch')) return
    event.preventDefault()
    focusAfterMove.current = true
    props.onActivate(next)
  }

  const window = visibleWindow({ scrollTop, viewportHeight: viewport, rowHeight, count: items.length })
  const rows: ReactNode[] = []
  for (let index = window.start; index < window.end; index++) {
    const item = items[index] as T
    rows.push(
      <li
        key={props.keyOf(item)}
        className={`virtual-row${index === activeIndex ? ' active' : ''}`}
        data-index={index}
        aria-setsize={items.length}
        aria-posinset={index + 1}
        style={{ transform: `translateY(${index * rowHeight}px)`, height: `${rowHeight}px` }}
      >
        {props.renderRow(item, index)}
      </li>
    )
  }

  return (
    <div className="virtual-scroller" ref={scroller} onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}>
      <ul className="virtual-list" aria-label={props.label} onKeyDown={onKeyDown} style={{ height: `${window.totalHeight}px` }}>
        {rows}
      </ul>
    </div>
  )
}
