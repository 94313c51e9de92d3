import { useCallback, useEffect, useRef, type KeyboardEvent, type RefObject } from 'react'
import { useReturnFocus } from './use-return-focus.js'

/**
 * Escape closes an inline form or panel, and focus returns to what opened it (issue 15, finding 12).
 * Spread the result on the form's or panel's own element:
 *
 *   const closing = useEscapeToClose(onCancel)
 *   <form {...closing}>
 *
 * The element takes the focus when it opens, unless something inside it already has it (an
 * autoFocus): a panel opened by a button beside the list would otherwise leave the focus on that
 * button, where Escape cannot reach the panel and a screen reader does not hear it open.
 * Escape is handled once: a form inside a panel closes, not the panel too. Native <dialog>s close
 * on Escape by themselves; ConfirmDialog uses useReturnFocus alone.
 */
export function useEscapeToClose<T extends HTMLElement>(
  onClose: (() => void) | undefined,
  options: { returnFocusTo?: () => HTMLElement | null | undefined; takeFocus?: boolean } = {}
): { ref: RefObject<T | null>; onKeyDown: (event: KeyboardEvent) => void; tabIndex: number; 'data-escape-closes': string } {
  const ref = useRef<T>(null)
  useReturnFocus(options.returnFocusTo)
  const takeFocus = options.takeFocus ?? true
  useEffect(() => {
    const element = ref.current
    if (!takeFocus || !element || element.contains(document.activeElement)) return
    element.focus({ preventScroll: true })
    // Once, when it opens: later renders do not pull the focus back.
  }, [])
  const latest = useRef(onClose)
  latest.current = onClose
  const onKeyDown = useCallback((event: KeyboardEvent) => {
    if (event.key !== 'Escape' || event.defaultPrevented || !latest.current) return
    event.preventDefault()
    event.stopPropagation()
    latest.current()
  }, [])
  return { ref, onKeyDown, tabIndex: -1, 'data-escape-closes': '' }
}
