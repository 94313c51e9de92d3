import { useState, type FormEvent } from 'react'
import type { JoinResult, MeVaultApi } from '../../shared/api.js'
import { describeDeviceError } from '../lib/device-views.js'
import { NewPassphraseFields, newPassphraseProblem, type NewPassphrase } from '../components/NewPassphraseFields.js'

/**
 * A new computer joins a vault the person keeps on another: the code comes from "Pair a new
 * device" there (or `mevault pair invite`). This computer gets its own passphrase and secret key.
 */
export function JoinVaultScreen({ api, onJoined, onBack }: { api: MeVaultApi; onJoined: (result: JoinResult) => void; onBack: () => void }) {
  const [code, setCode] = useState('')
  const [deviceName, setDeviceName] = useState('')
  const [fields, setFields] = useState<NewPassphrase>({ passphrase: '', confirm: '' })
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  async function submit(event: FormEvent) {
    event.preventDefault()
    const problem = code.trim() === '' ? 'Paste the invitation code from your other computer.' : newPassphraseProblem(fields)
    if (problem) return setError(problem)
    setError(null)
    setBusy(true)
    try {
      onJoined(await api['vault.join']({ code: code.trim(), passphrase: fields.passphrase, deviceName: deviceName.trim() || undefined }))
    } catch (failure) {
      setError(describeDeviceError(failure))
      setBusy(false)
    }
  }

  return (
    <main className="centered">
      <form className="card" onSubmit={(e) => void submit(e)} aria-labelledby="join-title">
        <h1 id="join-title">Join your vault from another computer</h1>
        <p className="lead">
          On the computer that has your vault, open Devices and choose &ldquo;Pair a new device&rdquo;. Paste its code here: this
          computer then gets a copy of the vault, kept in step with the other.
        </p>
        <label htmlFor="join-code">Invitation code</label>
        <textarea id="join-code" className="code-input" rows={3} spellCheck={false} value={code} onChange={(e) => setCode(e.target.value)} autoFocus />
        <label htmlFor="join-device-name">This computer&apos;s name (optional)</label>
        <input id="join-device-name" value={deviceName} onChange={(e) => setDeviceName(e.target.value)} aria-describedby="join-device-hint" />
        <p id="join-device-hint" className="hint">
          Shown in the device list on every computer. Left empty, the computer&apos;s own name is used.
        </p>
        <p className="hint">A passphrase for this computer (it may differ from the other one&apos;s):</p>
        <NewPassphraseFields value={fields} onChange={setFields} />
        {error && <p role="alert" className="error">{error}</p>}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Joining, then syncing for the first time…' : 'Join vault'}
        </button>
        <p className="hint">
          <button type="button" className="link" onClick={onBack}>
            Create a new vault instead
          </button>
        </p>
      </form>
    </main>
  )
}
