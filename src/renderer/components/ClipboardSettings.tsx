import { useState } from 'react'
import { isClearSeconds, MAX_CLEAR_SECONDS, MIN_CLEAR_SECONDS, readClearSeconds, saveClearSeconds } from '../lib/copy-value.js'

/** How long a copied value stays on the clipboard: a preference of this app on this machine. */
export function ClipboardSettings() {
  const [text, setText] = useState(() => String(readClearSeconds()))
  const seconds = Number(text)
  const valid = isClearSeconds(seconds)
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
          if (isClearSeconds(next)) saveClearSeconds(next)
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
