import { useState } from 'react'
import type { MeVaultApi } from '../../shared/api.js'
import { saveFile } from '../lib/save-file.js'
import { ConfirmDialog } from './ConfirmDialog.js'
import { describeError } from './describe-error.js'

/**
 * "Export everything (not encrypted)": every field, decrypted, as MeVault's own JSON
 * (`mevault export`'s format, which an import reads back). Asked about first, in plain words.
 */
export function ExportJson({ api }: { api: MeVaultApi }) {
  const [asking, setAsking] = useState(false)
  const [busy, setBusy] = useState(false)
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null)

  async function exportAll() {
    setBusy(true)
    try {
      const data = await api['vault.export']()
      const day = data.exportedAt.slice(0, 10)
      saveFile(`${JSON.stringify(data, null, 2)}\n`, `mevault-export-${day}.json`, 'application/json')
      setStatus({ ok: true, text: `Exported ${data.fields.length} ${data.fields.length === 1 ? 'field' : 'fields'}. The file is not encrypted: move it somewhere safe and delete it when done.` })
    } catch (failure) {
      setStatus({ ok: false, text: describeError(failure) })
    } finally {
      setBusy(false)
      setAsking(false)
    }
  }

  return (
    <div className="card-block" role="group" aria-labelledby="export-json-title">
      <h2 id="export-json-title">Export</h2>
      <p className="hint">A JSON file with every field and its value, to keep or to move to another app.</p>
      <div className="row">
        <button type="button" onClick={() => (setStatus(null), setAsking(true))}>
          Export everything (not encrypted)
        </button>
      </div>
      {status && (
        <p role={status.ok ? 'status' : 'alert'} className={status.ok ? 'hint' : 'error'}>
          {status.text}
        </p>
      )}
      {asking && (
        <ConfirmDialog title="Export everything, not encrypted?" confirmLabel="Export (not encrypted)" busy={busy} onConfirm={() => void exportAll()} onCancel={() => setAsking(false)}>
          <p>
            The file will hold every value in your vault, private ones included, in plain text. Anyone or any app that
            can read your Downloads folder can read it. Do not email it or keep it in a synced folder; delete it when
            you are done.
          </p>
        </ConfirmDialog>
      )}
    </div>
  )
}
