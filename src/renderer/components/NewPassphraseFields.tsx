import { MIN_NEW_PASSPHRASE_LENGTH } from '../../shared/api.js'
import { passphraseStrength } from '../lib/passphrase-strength.js'
import { PassphraseInput } from './PassphraseInput.js'

export interface NewPassphrase {
  passphrase: string
  confirm: string
  /** The person chose to keep a passphrase the estimator calls weak. */
  weakOk?: boolean
}

/** What is wrong with a new passphrase, or null when it can be used. */
export function newPassphraseProblem({ passphrase, confirm, weakOk }: NewPassphrase): string | null {
  if (passphrase.length < MIN_NEW_PASSPHRASE_LENGTH) return `Choose a passphrase of at least ${MIN_NEW_PASSPHRASE_LENGTH} characters.`
  if (passphrase !== confirm) return 'The two passphrases are not the same.'
  if (passphraseStrength(passphrase).weak && !weakOk) {
    return 'This passphrase is weak: choose a stronger one, or tick "Use this weak passphrase anyway".'
  }
  return null
}

/** A new passphrase, typed twice, with its strength shown as it is typed, and why when it is weak. */
export function NewPassphraseFields({ value, onChange, autoFocus }: { value: NewPassphrase; onChange: (next: NewPassphrase) => void; autoFocus?: boolean }) {
  const strength = passphraseStrength(value.passphrase)
  const weak = value.passphrase.length >= MIN_NEW_PASSPHRASE_LENGTH && strength.weak
  return (
    <>
      <label htmlFor="new-passphrase">Passphrase</label>
      <PassphraseInput
        id="new-passphrase"
        autoComplete="new-password"
        value={value.passphrase}
        // A changed passphrase is judged afresh: an earlier "use it anyway" was for another one.
        onChange={(passphrase) => onChange({ ...value, passphrase, weakOk: false })}
        describedBy={weak ? 'passphrase-hint passphrase-weak' : 'passphrase-hint'}
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
      {weak && (
        <div id="passphrase-weak" className="notice weak-passphrase">
          <p>Weak: someone who gets this computer could guess it.</p>
          <ul>
            {strength.reasons.map((reason) => (
              <li key={reason}>{reason}</li>
            ))}
          </ul>
          <div className="checkbox">
            <input id="weak-passphrase-ok" type="checkbox" checked={value.weakOk === true} onChange={(e) => onChange({ ...value, weakOk: e.target.checked })} />
            <label htmlFor="weak-passphrase-ok">Use this weak passphrase anyway</label>
          </div>
        </div>
      )}
      <label htmlFor="confirm-passphrase">Confirm passphrase</label>
      <PassphraseInput id="confirm-passphrase" autoComplete="new-password" value={value.confirm} onChange={(confirm) => onChange({ ...value, confirm })} />
    </>
  )
}
