import { useEffect, useRef, useState } from 'react'

/**
 * When a form, panel or dialog closes, the keyboard focus goes back to what opened it (WCAG 2.4.3),
 * not to the page's body where a keyboard or screen reader user would have to start over.
 *
 * The opener is the element focused when the component first renders: before an autoFocus inside
 * it moves the focus. If the opener is gone by then (a Revoke button on a device just revoked, a
 * Delete… button shown again as a new element), `fallback` names where focus goes instead.
 * Nothing moves if the focus is still somewhere on the page: a click elsewhere is respected.
 */
export function useReturnFocus(fallback?: () => HTMLElement | null | undefined): void {
  const [opener] = useState(() => (typeof document === 'undefined' ? null : (document.activeElement as HTMLElement | null)))
  const latestFallback = useRef(fallback)
  latestFallback.current = fallback
  useEffect(
    () => () => {
      // Passive effects are cleaned up after React has taken this component out of the page, so a
      // focus that was inside it is on the body now.
      const focused = document.activeElement
      if (focused && focused !== document.body && focused.isConnected) return
      const back = opener && opener !== document.body && opener.isConnected ? opener : latestFallback.current?.()
      back?.focus()
    },
    [opener]
  )
}
