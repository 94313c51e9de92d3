import { useEffect, useId, useRef } from 'react'

/** How long a change can be undone from the toast; it stays while it has the keyboard focus. */
export const UNDO_WINDOW_MS = 15_000

/**
 * Says what just changed (role=status, so screen readers hear it) and, for a while, offers to undo
 * it with a button reachable by Tab. Escape or Dismiss closes it.
 * `takeFocus`: the Undo button takes the focus, for a change that took away what had it (a delete
 * removes the field's details and its Delete button); Undo then reads as "Undo, Deleted …".
 */
export function UndoToast(props: { message: string; onUndo?: () => void; onDismiss: () => void; takeFocus?: boolean }) {
  const { message, onDismiss, takeFocus } = props
  const messageId = useId()
  const undoRef = useRef<HTMLButtonElement>(null)
  useEffect(() => {
    const timer = setTimeout(() => {
      // Not taken away from under the keyboard: a focused toast stays until used or dismissed.
      if (!document.activeElement?.closest('.undo-toast')) onDismiss()
    }, UNDO_WINDOW_MS)
    return () => clearTimeout(timer)
  }, [message, onDismiss])
  useEffect(() => {
    if (takeFocus) undoRef.current?.focus()
  }, [message, takeFocus])
  return (
    <div className="undo-toast" role="status" onKeyDown={(e) => e.key === 'Escape' && onDismiss()}>
      <span id={messageId}>{message}</span>
      {props.onUndo && (
        <button type="button" ref={undoRef} onClick={props.onUndo} aria-describedby={messageId}>
          Undo
        </button>
      )}
      <button type="button" className="link" onClick={onDismiss} aria-label="Dismiss">
        ×
      </button>
    </div>
  )
}
