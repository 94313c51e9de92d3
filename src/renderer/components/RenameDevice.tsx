import { useRef, useState, type ReactNode } from 'react'
import type { DeviceInfo } from '../../shared/api.js'
import { useEscapeToClose } from '../lib/use-escape-to-close.js'

/** "Rename": a name of the person's own for a device; Escape cancels and focus goes back to the button. */
export function RenameDevice(props: { device: DeviceInfo; onRename: (device: DeviceInfo, name: string) => Promise<boolean> }) {
  const [editing, setEditing] = useState(false)
  const [name, setName] = useState(props.device.name)
  const [busy, setBusy] = useState(false)
  const button = useRef<HTMLButtonElement>(null)

  function close() {
    setEditing(false)
    setName(props.device.name)
  }

  if (!editing) {
    return (
      <button ref={button} type="button" className="compact link" onClick={() => setEditing(true)} aria-label={`Rename ${props.device.name}`}>
        Rename
      </button>
    )
  }
  return (
    <RenameForm
      label={`Rename ${props.device.name}`}
      onCancel={close}
      // The Rename button is drawn again as the form closes: the focus goes to that new button.
      returnFocusTo={() => button.current}
      onSubmit={() => {
        if (!name.trim()) return
        setBusy(true)
        void props.onRename(props.device, name.trim()).then((done) => {
          setBusy(false)
          if (done) close()
        })
      }}
    >
      <label htmlFor={`rename-${props.device.id}`} className="visually-hidden">
        New name
      </label>
      <input id={`rename-${props.device.id}`} value={name} maxLength={200} onChange={(e) => setName(e.target.value)} autoFocus />
      <button type="submit" className="compact primary" disabled={busy || !name.trim()}>
        Save name
      </button>
      <button type="button" className="compact" onClick={close}>
        Cancel
      </button>
    </RenameForm>
  )
}

function RenameForm(props: { label: string; onCancel: () => void; onSubmit: () => void; returnFocusTo: () => HTMLElement | null; children: ReactNode }) {
  const closing = useEscapeToClose<HTMLFormElement>(props.onCancel, { returnFocusTo: props.returnFocusTo })
  return (
    <form
      className="row rename-device"
      aria-label={props.label}
      onSubmit={(e) => {
        e.preventDefault()
        props.onSubmit()
      }}
      {...closing}
    >
      {props.children}
    </form>
  )
}
