import { useState, type KeyboardEvent } from 'react'

/**
 * A passphrase box with Show (the person checks what they typed) and a Caps Lock hint, the most
 * common reason a right passphrase is refused. The label stays with the caller (`<label htmlFor>`).
 * The toggle's name stays "Show"; aria-pressed tells whether the text is shown.
 */
export function PassphraseInput(props: {
  id: string
  value: string
  onChange: (value: string) => void
  autoComplete: 'current-password' | 'new-password' | 'off'
  autoFocus?: boolean
  describedBy?: string
}) {
  const [shown, setShown] = useState(false)
  const [capsLock, setCapsLock] = useState(false)
  const readCapsLock = (event: KeyboardEvent<HTMLInputElement>) => setCapsLock(event.getModifierState('CapsLock'))
  const capsId = `${props.id}-caps-lock`
  const describedBy = [props.describedBy, capsLock ? capsId : undefined].filter(Boolean).join(' ') || undefined
  return (
    <>
      <div className="passphrase-input">
        <input
          id={props.id}
          type={shown ? 'text' : 'password'}
          autoComplete={props.autoComplete}
          spellCheck={false}
          autoCapitalize="off"
          autoCorrect="off"
          value={props.value}
          onChange={(e) => props.onChange(e.target.value)}
          onKeyDown={readCapsLock}
          onKeyUp={readCapsLock}
          onBlur={() => setCapsLock(false)}
          aria-describedby={describedBy}
          autoFocus={props.autoFocus}
        />
        <button type="button" className="reveal" aria-pressed={shown} aria-controls={props.id} onClick={() => setShown(!shown)}>
          Show
        </button>
      </div>
      {capsLock && (
        <p id={capsId} className="hint caps-lock" role="status">
          Caps Lock is on.
        </p>
      )}
    </>
  )
}
