import { useState, type FormEvent } from 'react'
import type { MeVaultApi, SyncResult } from '../../shared/api.js'
import { describeDeviceError } from '../lib/device-views.js'

const changedNothing = (r: SyncResult): boolean => r.recordsAdded + r.fieldsAdded + r.fieldsUpdated + r.fieldsRemoved === 0

/** Syncs once with a paired device that listens (its own Devices screen, or `mevault sync serve`). */
export function SyncNowForm({ api, onSynced }: { api: MeVaultApi; onSynced: () => void }) {
  const [peer, setPeer] = useState('')
  const [busy, setBusy] = useState(false)
  const [result, setResult] = useState<SyncResult | null>(null)
  const [error, setError] = useState<string | null>(null)

  async function submit(event: FormEvent) {
    event.preventDefault()
    setBusy(true)
    setError(null)
    setResult(null)
    try {
      setResult(await api['devices.syncNow']({ peer: peer.trim() }))
      onSynced()
    } catch (failure) {
      setError(describeDeviceError(failure))
    } finally {
      setBusy(false)
    }
  }

  return (
    <form className="card-block" onSubmit={(e) => void submit(e)} aria-labelledby="sync-now-title">
      <h2 id="sync-now-title">Sync now</h2>
      <label htmlFor="sync-peer">Address of the other device (HOST:PORT)</label>
      <div className="code-row">
        <input
          id="sync-peer"
          value={peer}
          onChange={(e) => setPeer(e.target.value)}
          placeholder="192.168.1.20:41234"
          autoComplete="off"
          spellCheck={false}
          aria-describedby="sync-peer-hint"
        />
        <button type="submit" className="primary compact" disabled={busy || peer.trim() === ''}>
          {busy ? 'Syncing…' : 'Sync now'}
        </button>
      </div>
      <p id="sync-peer-hint" className="hint">
        The address the other device shows on its Devices screen, under “Listening for your devices”.
      </p>
      {result && (
        <p role="status" className="sync-result">
          {changedNothing(result) ? `Already in step with ${result.peer}: nothing changed here.` : `Synced with ${result.peer}: ${result.description}.`}
        </p>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </form>
  )
}
