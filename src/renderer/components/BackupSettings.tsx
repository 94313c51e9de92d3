import { useEffect, useState, type FormEvent } from 'react'
import type { MeVaultApi } from '../../shared/api.js'
import type { BackupSettingsView } from '../../shared/types.js'
import { describeError } from './describe-error.js'

/**
 * Settings → Backups: the folder this device keeps its automatic daily backups in, how many days
 * are kept, "Back up now", and the last backup made. The files are encrypted: restoring one needs
 * the passphrase and the secret key from the recovery kit.
 */
export function BackupSettings({ api }: { api: MeVaultApi }) {
  const [settings, setSettings] = useState<BackupSettingsView | null>(null)
  const [folder, setFolder] = useState('')
  const [keep, setKeep] = useState('7')
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null)
  const [busy, setBusy] = useState(false)

  const show = (view: BackupSettingsView): void => {
    setSettings(view)
    setFolder(view.folder ?? '')
    setKeep(String(view.keep))
  }
  useEffect(() => {
    api['backup.settings']().then(show, (failure: unknown) => setStatus({ ok: false, text: describeError(failure) }))
  }, [api])

  async function run(work: () => Promise<string>): Promise<void> {
    setBusy(true)
    setStatus(null)
    try {
      setStatus({ ok: true, text: await work() })
    } catch (failure) {
      setStatus({ ok: false, text: describeError(failure) })
    } finally {
      setBusy(false)
    }
  }

  function save(event: FormEvent): void {
    event.preventDefault()
    const days = Number(keep)
    if (!Number.isInteger(days) || days < 1 || days > 365) return setStatus({ ok: false, text: 'Keep from 1 to 365 days of backups.' })
    void run(async () => {
      show(await api['backup.setFolder']({ folder: folder.trim() === '' ? null : folder.trim(), keep: days }))
      return folder.trim() === '' ? 'Automatic backups are off.' : 'Saved. A backup is made each day the vault changes.'
    })
  }

  const backUpNow = (): void =>
    void run(async () => {
      const made = await api['backup.create']()
      show(await api['backup.settings']())
      return `Backed up to ${made.path}.`
    })

  // The browser saves it where the person says (its downloads folder): the page holds it only meanwhile.
  const download = (): void =>
    void run(async () => {
      const { name, data } = await api['backup.download']()
      const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0))
      const url = URL.createObjectURL(new Blob([bytes], { type: 'application/octet-stream' }))
      const link = document.createElement('a')
      link.href = url
      link.download = name
      link.click()
      setTimeout(() => URL.revokeObjectURL(url), 60_000)
      return `Downloaded ${name}.`
    })

  return (
    <form className="card-block" onSubmit={save} aria-labelledby="backups-title">
      <h2 id="backups-title">Backups</h2>
      <p className="hint">
        One encrypted file holding the whole vault. Restoring it, on this computer or another, needs your passphrase and the
        secret key from your recovery kit.
      </p>
      <label htmlFor="backup-folder">Folder for backups (full path)</label>
      <input id="backup-folder" type="text" placeholder="/home/you/Backups/MeVault" value={folder} onChange={(e) => setFolder(e.target.value)} />
      <label htmlFor="backup-keep">Days of backups to keep</label>
      <input id="backup-keep" className="narrow" type="number" min={1} max={365} value={keep} onChange={(e) => setKeep(e.target.value)} />
      <div className="row">
        <button type="submit" disabled={busy || !settings}>
          Save
        </button>
        <button type="button" className="primary" disabled={busy || !settings?.folder} onClick={backUpNow}>
          {busy ? 'Working…' : 'Back up now'}
        </button>
        <button type="button" disabled={busy || !settings} onClick={download}>
          Download a backup
        </button>
      </div>
      <p className="hint" data-testid="last-backup">
        {settings?.last ? `Last backup: ${new Date(settings.last.madeAt).toLocaleString()}, ${settings.last.path}` : 'No backup made yet.'}
      </p>
      {settings?.lastError && <p className="error">The last automatic backup failed: {settings.lastError}</p>}
      {status && (
        <p role={status.ok ? 'status' : 'alert'} className={status.ok ? 'hint' : 'error'}>
          {status.text}
        </p>
      )}
    </form>
  )
}
