/**
 * Below a width the two-pane screens (Vault, Requests) show one pane at a time: the list, or what was
 * opened from it in its place, with "Back to the list" (issue 15, finding 11). styles.css collapses
 * the panes at the same width; this module moves the focus so the keyboard follows the pane shown.
 */
import { useEffect, type KeyboardEvent, type RefObject } from 'react'

/** The width the panes collapse at: the sidebar and two panes at their narrowest do not fit below it. */
export const ONE_PANE_MEDIA = '(max-width: 999px)'

export const onePaneNow = (): boolean => window.matchMedia(ONE_PANE_MEDIA).matches

/**
 * When the details take the list's place, the focus goes into them (unless something in them took it
 * already, like a form's first box): the row it was on is hidden now.
 */
export function useFocusDetailsInFront(inFront: boolean, pane: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    const element = pane.current
    if (!inFront || !element || !onePaneNow()) return
    if (!element.contains(document.activeElement)) element.focus()
  }, [inFront, pane])
}

/** Escape in the details shown in the list's place goes back, unless something inside used it first (a dialog, a form). */
export function escapeGoesBack(inFront: boolean, back: () => void) {
  return (event: KeyboardEvent) => {
    if (event.key !== 'Escape' || event.defaultPrevented || !inFront || !onePaneNow()) return
    event.preventDefault()
    back()
  }
}

/** Focuses what `find` gives once the list is shown again (after React has shown it). */
export function focusWhenShown(find: () => HTMLElement | null | undefined): void {
  requestAnimationFrame(() => find()?.focus())
}

/** How long a restored row is waited for (its list fetched and drawn) before the focus is left where it is. */
const ROW_WAIT_MS = 10_000

/**
 * After Undo or Restore brought a field back, the focus goes to its row once the list shows it (the
 * button pressed is gone, so the focus is on the page's body meanwhile). In one pane with the details
 * in front, to the details instead. It stops waiting if the person puts the focus somewhere first.
 */
export function focusRestoredRow(path: string, details: RefObject<HTMLElement | null>): void {
  const until = performance.now() + ROW_WAIT_MS
  // The button pressed may still be on the page for a frame or two, before React takes it away.
  const pressed = document.activeElement
  const attempt = () => {
    const focused = document.activeElement
    if (focused && focused !== document.body && focused !== pressed) return
    const row = document.querySelector<HTMLElement>(`.list-pane [data-path="${CSS.escape(path)}"] .row-main`)
    const target = row?.checkVisibility() ? row : onePaneNow() && details.current?.checkVisibility() ? details.current : null
    if (target) target.focus()
    else if (performance.now() < until) requestAnimationFrame(attempt)
  }
  requestAnimationFrame(attempt)
}
