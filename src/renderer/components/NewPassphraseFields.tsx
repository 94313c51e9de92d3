import { MIN_NEW_PASSPHRASE_LENGTH } from '../../shared/api.js'
import { passphraseStrength } from '../lib/passphrase-strength.js'

export interface NewPassphrase {
  passphrase: string
  confirm: string
}

/** What is wrong with a new passphrase, or null when it can be used. */
export function newPassphraseProblem({ passphrase, confirm }: NewPassphrase): string | null {
  if (passphrase.length < MIN_NEW_PASSPHRASE_LENGTH) return `Choose a passphrase of at least ${MIN_NEW_PASSPHRASE_LENGTH} characters.`
  if (passphrase !== confirm) return 'The two passphrases are not the same.'
  return null
}

/** A new passphrase, typed twice, with its strength shown as it is typed. */
export function NewPassphraseFields({ value, onChange, autoFocus }: { value: NewPassphrase; onChange: (next: NewPassphrase) => void; autoFocus?: boolean }) {
  const strength = passphraseStrength(value.passphrase)
  return (
    <>
      <label htmlFor="new-passphrase">Passphrase</label>
      <input
        id="new-passphrase"
        type="password"
        autoComplete="new-password"
        value={value.passphrase}
        onChange={(e) => onChange({ ...value, passphrase: e.target.value })}
        aria-describedby="passphrase-hint"
        autoFocus={autoFocus}
      />
      <p id="passphrase-hint" className="hint">
        At least {MIN_NEW_PASSPHRASE_LENGTH} characters; a few unrelated words are strong and easy to remember.
      </p>
      {value.passphrase !== '' && (
        <div className="strength">
          <label htmlFor="passphrase-strength">Strength: {strength.label}</label>
          <meter id="passphrase-strength" min={0} max={4} low={2} high={3} optimum={4} value={strength.score} />
        </div>
      )}
      <label htmlFor="confirm-passphrase">Confirm passphrase</label>
      <input
        id="confirm-passphrase"
        type="password"
        autoComplete="new-password"
        value={value.confirm}
        onChange={(e) => onChange({ ...value, confirm: e.target.value })}
      />
    </>
  )
}
