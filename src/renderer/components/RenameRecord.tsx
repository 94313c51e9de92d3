import { useRef, useState } from 'react'
import { MAX_RECORD_NAME_LENGTH, recordNameProblem } from '../../shared/record-name.js'
import { recordTitle } from '../lib/readable-names.js'
import { useEscapeToClose } from '../lib/use-escape-to-close.js'

/**
 * "Rename" for a record (on its header in the list, and in the open field's details): a name of
 * the person's own ("Passport"); an empty name gives the record back its key as its name. Escape or
 * Cancel closes it, and the focus goes back to the button. The key itself never changes.
 */
export function RenameRecord(props: {
  record: string
  /** Where it is: the list's header or the details pane (two may be open at once: their ids differ). */
  place: 'list' | 'details'
  /** The button's visible text. */
  text: string
  /** The name shown now (the person's, or the key made readable). */
  shown: string
  name: string | undefined
  tabIndex: number
  onRename: (record: string, name: string, previous: string | undefined) => Promise<boolean>
}) {
  const [editing, setEditing] = useState(false)
  const button = useRef<HTMLButtonElement>(null)
  if (!editing) {
    return (
      <button
        ref={button}
        type="button"
        className="compact link record-rename"
        tabIndex={props.tabIndex}
        onClick={() => setEditing(true)}
        aria-label={`${props.text} ${props.shown}`}
      >
        {props.text}
      </button>
    )
  }
  return <RenameRecordForm {...props} onClose={() => setEditing(false)} returnFocusTo={() => button.current} />
}

function RenameRecordForm(props: {
  record: string
  place: 'list' | 'details'
  shown: string
  name: string | undefined
  onRename: (record: string, name: string, previous: string | undefined) => Promise<boolean>
  onClose: () => void
  returnFocusTo: () => HTMLElement | null
}) {
  const [draft, setDraft] = useState(props.name ?? '')
  const [busy, setBusy] = useState(false)
  // The Rename button is drawn again as the form closes: the focus goes to that new button.
  const closing = useEscapeToClose<HTMLFormElement>(props.onClose, { returnFocusTo: props.returnFocusTo })
  const problem = recordNameProblem(draft.trim())
  const id = `record-name-${props.place}-${props.record}`
  return (
    <form
      className="row rename-record"
      aria-label={`Rename ${props.shown}`}
      onSubmit={(event) => {
        event.preventDefault()
        if (problem) return
        setBusy(true)
        void props.onRename(props.record, draft.trim(), props.name).then((done) => {
          setBusy(false)
          if (done) props.onClose()
        })
      }}
      {...closing}
    >
      <label htmlFor={id} className="visually-hidden">
        Name for {props.record}
      </label>
      <input
        id={id}
        value={draft}
        maxLength={MAX_RECORD_NAME_LENGTH}
        // Left empty, the record is shown by its key again: that is what the empty box says.
        placeholder={recordTitle(props.record)}
        aria-invalid={problem ? true : undefined}
        aria-describedby={problem ? `${id}-problem` : undefined}
        onChange={(event) => setDraft(event.target.value)}
        autoFocus
      />
      <button type="submit" className="compact primary" disabled={busy || problem !== undefined || draft.trim() === (props.name ?? '')}>
        Save name
      </button>
      <button type="button" className="compact" onClick={props.onClose}>
        Cancel
      </button>
      {problem && (
        <span id={`${id}-problem`} className="error">
          {problem.charAt(0).toUpperCase() + problem.slice(1)}
        </span>
      )}
    </form>
  )
}
