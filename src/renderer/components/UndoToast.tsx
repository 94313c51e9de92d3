import { useEffect } from 'react'

/** How long a change can be undone from the toast; it stays while it has the keyboard focus. */
export const UNDO_WINDOW_MS = 15_000

/**
 * Says what just changed (role=status, so screen readers hear it) and, for a while, offers to undo
 * it with a button reachable by Tab. Escape or Dismiss closes it.
 */
export function UndoToast(props: { message: string; onUndo?: () => void; onDismiss: () => void }) {
  const { message, onDismiss } = props
  useEffect(() => {
    const timer = setTimeout(() => {
      // Not taken away from under the keyboard: a focused toast stays until used or dismissed.
      if (!document.activeElement?.closest('.undo-toast')) onDismiss()
    }, UNDO_WINDOW_MS)
    return () => clearTimeout(timer)
  }, [message, onDismiss])
  return (
    <div className="undo-toast" role="status" onKeyDown={(e) => e.key === 'Escape' && onDismiss()}>
      <span>{message}</span>
      {props.onUndo && (
        <button type="button" onClick={props.onUndo}>
          Undo
        </button>
      )}
      <button type="button" className="link" onClick={onDismiss} aria-label="Dismiss">
        ×
      </button>
    </div>
  )
}
