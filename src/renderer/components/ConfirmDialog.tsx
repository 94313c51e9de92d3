import { useEffect, useRef, type ReactNode } from 'react'
import { useReturnFocus } from '../lib/use-return-focus.js'

/**
 * A modal question in the browser's own <dialog>: focus stays inside, Escape cancels, and the
 * safe choice (Cancel) has the focus first. Closed, the focus goes back to the button that opened
 * it, or to `returnFocusTo` when that button is gone (a device just revoked has no Revoke button).
 */
export function ConfirmDialog(props: {
  title: string
  children: ReactNode
  confirmLabel: string
  /** The safe choice's words, when "Cancel" would be unclear (Keep waiting). */
  cancelLabel?: string
  busy?: boolean
  onConfirm: () => void
  onCancel: () => void
  returnFocusTo?: () => HTMLElement | null | undefined
}) {
  const ref = useRef<HTMLDialogElement>(null)
  const cancelRef = useRef<HTMLButtonElement>(null)
  useEffect(() => {
    const dialog = ref.current
    if (dialog && !dialog.open) dialog.showModal()
    cancelRef.current?.focus()
    return () => dialog?.close()
  }, [])
  // After the effect above: its clean-up closes the dialog first, then this one puts the focus back.
  useReturnFocus(props.returnFocusTo)
  return (
    <dialog
      ref={ref}
      className="confirm-dialog"
      aria-labelledby="confirm-dialog-title"
      onCancel={(event) => {
        event.preventDefault()
        props.onCancel()
      }}
    >
      <h2 id="confirm-dialog-title">{props.title}</h2>
      {props.children}
      <div className="row">
        <button type="button" ref={cancelRef} onClick={props.onCancel} disabled={props.busy}>
          {props.cancelLabel ?? 'Cancel'}
        </button>
        <button type="button" className="danger" onClick={props.onConfirm} disabled={props.busy}>
          {props.confirmLabel}
        </button>
      </div>
    </dialog>
  )
}
