import { useState, type FormEvent } from 'react'
import type { MeVaultApi } from '../../shared/api.js'
import type { RecoveryKit } from '../../shared/types.js'
import { describeError } from '../components/describe-error.js'
import { NewPassphraseFields, newPassphraseProblem, type NewPassphrase } from '../components/NewPassphraseFields.js'

export function CreateVaultScreen({
  api,
  onCreated,
  onJoin,
  onRestore
}: {
  api: MeVaultApi
  onCreated: (kit: RecoveryKit) => void
  onJoin: () => void
  onRestore?: () => void
}) {
  const [fields, setFields] = useState<NewPassphrase>({ passphrase: '', confirm: '' })
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  async function submit(event: FormEvent) {
    event.preventDefault()
    const problem = newPassphraseProblem(fields)
    if (problem) return setError(problem)
    setError(null)
    setBusy(true)
    try {
      onCreated(await api['vault.create']({ passphrase: fields.passphrase }))
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
        <NewPassphraseFields value={fields} onChange={setFields} autoFocus />
        {error && <p role="alert" className="error">{error}</p>}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Creating your vault…' : 'Create vault'}
        </button>
        <p className="hint">
          Already use MeVault on another computer?{' '}
          <button type="button" className="link" onClick={onJoin}>
            Join that vault with an invitation code
          </button>
        </p>
        {onRestore && <p className="hint">Have a backup? <button type="button" className="link" onClick={onRestore}>Restore from a backup</button></p>}
      </form>
    </main>
  )
}
