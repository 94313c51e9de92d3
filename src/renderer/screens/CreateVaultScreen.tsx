import { useState, type FormEvent } from 'react'
import { MIN_NEW_PASSPHRASE_LENGTH, type MeVaultApi } from '../../shared/api.js'
import type { RecoveryKit } from '../../shared/types.js'
import { describeError } from '../components/describe-error.js'
import { passphraseStrength } from '../lib/passphrase-strength.js'

export function CreateVaultScreen({ api, onCreated }: { api: MeVaultApi; onCreated: (kit: RecoveryKit) => void }) {
  const [passphrase, setPassphrase] = useState('')
  const [confirm, setConfirm] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const strength = passphraseStrength(passphrase)

  async function submit(event: FormEvent) {
    event.preventDefault()
    if (passphrase.length < MIN_NEW_PASSPHRASE_LENGTH) {
      return setError(`Choose a passphrase of at least ${MIN_NEW_PASSPHRASE_LENGTH} characters.`)
    }
    if (passphrase !== confirm) return setError('The two passphrases are not the same.')
    setError(null)
    setBusy(true)
    try {
      onCreated(await api['vault.create']({ passphrase }))
    } catch (failure) {
      setError(describeError(failure))
      setBusy(false)
    }
  }

  return (
    <main className="centered">
      <form className="card" onSubmit={(e) => void submit(e)} aria-labelledby="create-title">
        <h1 id="create-title">Create your vault</h1>
        <p className="lead">
          Your data stays on this device, encrypted. Unlocking needs your passphrase and this device&apos;s secret key.
        </p>
        <label htmlFor="new-passphrase">Passphrase</label>
        <input
          id="new-passphrase"
          type="password"
          autoComplete="new-password"
          value={passphrase}
          onChange={(e) => setPassphrase(e.target.value)}
          aria-describedby="passphrase-hint"
          autoFocus
        />
        <p id="passphrase-hint" className="hint">
          At least {MIN_NEW_PASSPHRASE_LENGTH} characters; a few unrelated words are strong and easy to remember.
        </p>
        {passphrase !== '' && (
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
          value={confirm}
          onChange={(e) => setConfirm(e.target.value)}
        />
        {error && <p role="alert" className="error">{error}</p>}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Creating your vault…' : 'Create vault'}
        </button>
      </form>
    </main>
  )
}
