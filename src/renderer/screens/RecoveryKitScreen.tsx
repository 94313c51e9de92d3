import { useState } from 'react'
import type { RecoveryKit } from '../../shared/types.js'

/** The one time the secret key is shown: the person confirms they saved it before going on. */
export function RecoveryKitScreen({ kit, note, onSaved }: { kit: RecoveryKit; note?: string; onSaved: () => void }) {
  const [saved, setSaved] = useState(false)
  return (
    <main className="centered">
      <section className="card kit" aria-labelledby="kit-title">
        {note && <p role="status" className="notice">{note}</p>}
        <h1 id="kit-title">Save your recovery kit</h1>
        <p className="lead">
          This is the only time MeVault shows your secret key. Print this page or write the key down, and keep it
          somewhere safe: without it and your passphrase, nobody (not even you) can open the vault on a new device.
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
        <div className="row">
          <button type="button" onClick={() => window.print()}>
            Print
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
