import { useState, type FormEvent } from 'react'
import { MAX_RESTORE_UPLOAD, type MeVaultApi } from '../../shared/api.js'
import { isMeVaultError } from '../../shared/errors.js'
import { describeError } from './describe-error.js'

/** The file as base64, as `vault.restore` takes a picked file. */
async function base64Of(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer())
  let binary = ''
  for (let at = 0; at < bytes.length; at += 0x8000) binary += String.fromCharCode(...bytes.subarray(at, at + 0x8000))
  return btoa(binary)
}

/**
 * "Restore from a backup", from the create screen: a backup file (picked, or by its full path on
 * this computer for a large one), the passphrase and the secret key from the recovery kit.
 * Nothing is written unless all three check out.
 */
export function RestoreFromBackup({ api, onRestored, onBack }: { api: MeVaultApi; onRestored: () => void; onBack: () => void }) {
  const [file, setFile] = useState<File | null>(null)
  const [path, setPath] = useState('')
  const [passphrase, setPassphrase] = useState('')
  const [secretKey, setSecretKey] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  async function submit(event: FormEvent) {
    event.preventDefault()
    if (!file && path.trim() === '') return setError('Pick the backup file, or type its full path.')
    if (passphrase === '') return setError('Enter the passphrase of the vault you backed up.')
    if (secretKey.trim() === '') return setError('Enter the secret key from your recovery kit (MV1-…).')
    setError(null)
    setBusy(true)
    try {
      let backup: { name: string; data: string } | { path: string }
      if (file) {
        const data = await base64Of(file)
        if (data.length > MAX_RESTORE_UPLOAD) throw new Error('This backup is too large to send from the page: type its full path instead.')
        backup = { name: file.name, data }
      } else backup = { path: path.trim() }
      await api['vault.restore']({ backup, passphrase, secretKey: secretKey.trim() })
      onRestored()
    } catch (failure) {
      // Here a refusal may be the passphrase or the secret key: the core's message says which.
      setError(isMeVaultError(failure, 'WRONG_CREDENTIALS') ? failure.message : describeError(failure))
      setBusy(false)
    }
  }

  return (
    <main className="centered">
      <form className="card" onSubmit={(e) => void submit(e)} aria-labelledby="restore-title">
        <h1 id="restore-title">Restore from a backup</h1>
        <p className="lead">Brings back your whole vault from a backup file made by MeVault. This computer becomes a new device of that vault.</p>
        <label htmlFor="restore-file">Backup file</label>
        <input id="restore-file" type="file" accept=".mvbackup" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        <label htmlFor="restore-path">Or its full path on this computer</label>
        <input id="restore-path" type="text" placeholder="/home/you/Backups/MeVault/…mvbackup" value={path} disabled={file !== null} onChange={(e) => setPath(e.target.value)} />
        <label htmlFor="restore-passphrase">Passphrase</label>
        <input id="restore-passphrase" type="password" autoComplete="current-password" value={passphrase} onChange={(e) => setPassphrase(e.target.value)} />
        <label htmlFor="restore-secret-key">Secret key (from your recovery kit)</label>
        <input id="restore-secret-key" type="password" autoComplete="off" spellCheck={false} placeholder="MV1-…" value={secretKey} onChange={(e) => setSecretKey(e.target.value)} />
        {error && <p role="alert" className="error">{error}</p>}
        <button type="submit" className="primary" disabled={busy} aria-busy={busy}>
          {busy ? 'Restoring… checking the backup' : 'Restore'}
        </button>
        <p className="hint">
          <button type="button" className="link" onClick={onBack}>
            Back
          </button>
        </p>
      </form>
    </main>
  )
}
