import { useState } from 'react'
import { MAX_CLEAR_SECONDS, MIN_CLEAR_SECONDS, readClearSeconds, saveClearSeconds } from '../lib/copy-value.js'

/** How long a copied value stays on the clipboard: a preference of this app on this machine. */
export function ClipboardSettings() {
  const [text, setText] = useState(() => String(readClearSeconds()))
  const seconds = Number(text)
  const valid = Number.isInteger(seconds) && seconds >= MIN_CLEAR_SECONDS && seconds <= MAX_CLEAR_SECONDS
  return (
    <div className="card-block">
      <h2>Copying</h2>
      <label htmlFor="clipboard-clear-seconds">Clear copied values after (seconds)</label>
      <input
        id="clipboard-clear-seconds"
        className="narrow"
        inputMode="numeric"
        value={text}
        aria-invalid={!valid}
        aria-describedby="clipboard-clear-hint"
        onChange={(e) => {
          setText(e.target.value)
          const next = Number(e.target.value)
          if (Number.isInteger(next) && next >= MIN_CLEAR_SECONDS && next <= MAX_CLEAR_SECONDS) saveClearSeconds(next)
        }}
      />
      <p id="clipboard-clear-hint" className={valid ? 'hint' : 'error'} role={valid ? undefined : 'alert'}>
        {valid
          ? 'A value you copy is cleared from the clipboard after this long, unless you copied something else since.'
          : `Give a whole number of seconds from ${MIN_CLEAR_SECONDS} to ${MAX_CLEAR_SECONDS}; the last one given still applies.`}
      </p>
    </div>
  )
}
