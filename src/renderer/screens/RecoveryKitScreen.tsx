import { useState } from 'react'
import type { MeVaultApi } from '../../shared/api.js'
import type { RecoveryKit } from '../../shared/types.js'
import { RecoveryKitSave } from '../components/RecoveryKitSave.js'

/** The one time the secret key is shown: the person saves the kit (PDF) and confirms before going on. */
export function RecoveryKitScreen({ api, kit, note, onSaved }: { api: MeVaultApi; kit: RecoveryKit; note?: string; onSaved: () => void }) {
  const [saved, setSaved] = useState(false)
  return (
    <main className="centered">
      <section className="card kit" aria-labelledby="kit-title">
        {note && <p role="status" className="notice">{note}</p>}
        <h1 id="kit-title">Save your recovery kit</h1>
        <p className="lead">
          This is the only time MeVault shows your secret key. Save the kit as a PDF and print it, or write the key
          down, and keep it somewhere safe: without it and your passphrase, nobody (not even you) can open the vault
          on a new device, or on this one if its copy of the key is lost.
        </p>
        <dl className="kit-details">
          <dt>Secret key</dt>
          <dd>
            <code data-testid="secret-key">{kit.secretKey}</code>
          </dd>
          <dt>Vault id</dt>
          <dd>
            <code>{kit.vaultId}</code>
          </dd>
          <dt>Your id</dt>
          <dd>
            <code className="wrap">{kit.did}</code>
          </dd>
        </dl>
        <RecoveryKitSave api={api} idPrefix="new-vault" />
        <div className="row">
          <button type="button" onClick={() => window.print()}>
            Print this page
          </button>
        </div>
        <div className="checkbox">
          <input id="kit-saved" type="checkbox" checked={saved} onChange={(e) => setSaved(e.target.checked)} />
          <label htmlFor="kit-saved">I saved my recovery kit somewhere safe</label>
        </div>
        <button type="button" className="primary" disabled={!saved} onClick={onSaved}>
          Continue to my vault
        </button>
      </section>
    </main>
  )
}
