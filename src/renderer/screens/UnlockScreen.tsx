import { useState, type FormEvent } from 'react'
import type { MeVaultApi } from '../../shared/api.js'
import { describeError } from '../components/describe-error.js'

export function UnlockScreen({ api, onUnlocked }: { api: MeVaultApi; onUnlocked: () => void }) {
  const [passphrase, setPassphrase] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  async function submit(event: FormEvent) {
    event.preventDefault()
    if (passphrase === '') return setError('Enter your passphrase.')
    setError(null)
    setBusy(true)
    try {
      await api['vault.unlock']({ passphrase })
      onUnlocked()
    } catch (failure) {
      setError(describeError(failure))
      setBusy(false)
    }
  }

  return (
    <main className="centered">
      <form className="card" onSubmit={(e) => void submit(e)} aria-labelledby="unlock-title">
        <h1 id="unlock-title">Unlock MeVault</h1>
        <label htmlFor="unlock-passphrase">Passphrase</label>
        <input
          id="unlock-passphrase"
          type="password"
          autoComplete="current-password"
          value={passphrase}
          onChange={(e) => setPassphrase(e.target.value)}
          autoFocus
        />
        <p className="hint">The secret key comes from this device; you only need your passphrase here.</p>
        {error && <p role="alert" className="error">{error}</p>}
        <button type="submit" className="primary" disabled={busy} aria-busy={busy}>
          {busy ? 'Unlocking… deriving your key' : 'Unlock'}
        </button>
      </form>
    </main>
  )
}
