import { useEscapeToClose } from '../lib/use-escape-to-close.js'

/**
 * "Delete x? It goes to the Trash": Delete has the focus; Escape or Cancel closes it and the focus
 * goes back to the Delete… button that asked (a new element by then: `returnFocusTo` finds it).
 */
export function DeleteConfirmation(props: {
  path: string
  onDelete: () => void
  onCancel: () => void
  returnFocusTo: () => HTMLElement | null | undefined
}) {
  const closing = useEscapeToClose<HTMLSpanElement>(props.onCancel, { returnFocusTo: props.returnFocusTo })
  return (
    <span className="confirm" role="group" aria-label="Confirm deletion" {...closing}>
      <span>Delete {props.path}? It goes to the Trash, where you can restore it.</span>
      <button type="button" className="danger" autoFocus onClick={props.onDelete}>
        Delete
      </button>
      <button type="button" onClick={props.onCancel}>
        Cancel
      </button>
    </span>
  )
}
