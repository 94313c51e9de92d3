import { useState, type FormEvent } from 'react'
import type { MeVaultApi } from '../../shared/api.js'
import { isMeVaultError } from '../../shared/errors.js'
import { bytesFromBase64, saveFile } from '../lib/save-file.js'
import { describeError } from './describe-error.js'
import { PassphraseInput } from './PassphraseInput.js'

/**
 * "Save the recovery kit (PDF)": the kit with the secret key as text and QR code, made by the
 * vault after the passphrase is typed again (an unlocked screen alone does not hand out the key).
 */
export function RecoveryKitSave({ api, idPrefix }: { api: MeVaultApi; idPrefix: string }) {
  const [passphrase, setPassphrase] = useState('')
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null)
  const [busy, setBusy] = useState(false)
  const inputId = `${idPrefix}-kit-passphrase`

  async function submit(event: FormEvent) {
    event.preventDefault()
    if (passphrase === '') return setStatus({ ok: false, text: 'Type your passphrase to make the recovery kit.' })
    setBusy(true)
    setStatus(null)
    try {
      const kit = await api['vault.recoveryKit']({ passphrase })
      saveFile(bytesFromBase64(kit.pdfBase64), kit.fileName, 'application/pdf')
      setPassphrase('')
      setStatus({ ok: true, text: `Saved ${kit.fileName}. Print it or keep it somewhere only you can reach, then delete other copies.` })
    } catch (failure) {
      setStatus({ ok: false, text: isMeVaultError(failure, 'WRONG_CREDENTIALS') ? 'That is not your passphrase. Check it (and Caps Lock).' : describeError(failure) })
    } finally {
      setBusy(false)
    }
  }

  return (
    <form className="kit-save" onSubmit={(e) => void submit(e)} aria-label="Save the recovery kit">
      <label htmlFor={inputId}>Your passphrase, to make the kit</label>
      <PassphraseInput id={inputId} autoComplete="current-password" value={passphrase} onChange={setPassphrase} describedBy={`${inputId}-hint`} />
      <p id={`${inputId}-hint`} className="hint">
        The PDF holds your secret key as text and as a QR code. It does not hold your passphrase.
      </p>
      <div className="row">
        <button type="submit" disabled={busy} aria-busy={busy}>
          {busy ? 'Making the PDF…' : 'Save the recovery kit (PDF)'}
        </button>
      </div>
      {status && (
        <p role={status.ok ? 'status' : 'alert'} className={status.ok ? 'hint' : 'error'}>
          {status.text}
        </p>
      )}
    </form>
  )
}
