import { useEffect, useState, type FormEvent } from 'react'
import type { MeVaultApi } from '../../shared/api.js'
import { isMeVaultError } from '../../shared/errors.js'
import { describeError } from '../components/describe-error.js'
import { PassphraseInput } from '../components/PassphraseInput.js'

const WRONG_PASSPHRASE = 'That passphrase does not open this vault. Check it (and Caps Lock) and try again.'

/**
 * Unlocks with the passphrase, the secret key coming from this device. When the device does not
 * have the key (its key file is gone, or is another vault's), it says so rather than blaming the
 * passphrase, and takes the key typed from the recovery kit (as `mevault key restore`).
 */
export function UnlockScreen({ api, onUnlocked }: { api: MeVaultApi; onUnlocked: () => void }) {
  const [passphrase, setPassphrase] = useState('')
  const [secretKey, setSecretKey] = useState('')
  // null until asked; when the question fails, the screen asks for the passphrase alone as before.
  const [keyHere, setKeyHere] = useState<boolean | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  useEffect(() => {
    let current = true
    api['vault.secretKeyStatus']().then(
      (status) => current && setKeyHere(status.onThisDevice),
      () => current && setKeyHere(true)
    )
    return () => {
      current = false
    }
  }, [api])
  const needsKey = keyHere === false

  async function submit(event: FormEvent) {
    event.preventDefault()
    if (needsKey && secretKey.trim() === '') return setError('Type the secret key from your recovery kit.')
    if (passphrase === '') return setError('Enter your passphrase.')
    setError(null)
    setBusy(true)
    try {
      if (needsKey) {
        const refused = await api['vault.restoreKey']({ secretKey }).then(
          () => null,
          // The core's words: the key's expected shape, or that it is another vault's.
          (failure: unknown) => (isMeVaultError(failure) ? failure.message : describeError(failure))
        )
        if (refused) {
          setError(refused)
          setBusy(false)
          return
        }
        setKeyHere(true)
        setSecretKey('')
      }
      await api['vault.unlock']({ passphrase })
      onUnlocked()
    } catch (failure) {
      setError(await explain(failure))
      setBusy(false)
    }
  }

  /** A refused unlock: the key may have gone since the screen asked, so ask again before blaming the passphrase. */
  async function explain(failure: unknown): Promise<string> {
    if (!isMeVaultError(failure, 'WRONG_CREDENTIALS')) return describeError(failure)
    const stillHere = await api['vault.secretKeyStatus']().then((status) => status.onThisDevice, () => true)
    if (!stillHere) {
      setKeyHere(false)
      return 'This computer does not have your secret key. Type it from your recovery kit.'
    }
    return WRONG_PASSPHRASE
  }

  return (
    <main className="centered">
      <form className="card" onSubmit={(e) => void submit(e)} aria-labelledby="unlock-title">
        <h1 id="unlock-title">Unlock MeVault</h1>
        {needsKey && (
          <div className="notice missing-key" role="status">
            <p>
              <strong>This computer does not have your secret key.</strong>
            </p>
            <p>
              Type it from your recovery kit (it starts with MV1-). MeVault keeps it on this computer, so you type it
              only once.
            </p>
          </div>
        )}
        {needsKey && (
          <>
            <label htmlFor="unlock-secret-key">Secret key</label>
            <input
              id="unlock-secret-key"
              className="secret-key-input"
              type="text"
              autoComplete="off"
              spellCheck={false}
              autoCapitalize="characters"
              placeholder="MV1-XXXXX-XXXXX-XXXXX-XXXXX-XXXXX-X"
              value={secretKey}
              onChange={(e) => setSecretKey(e.target.value)}
              autoFocus
            />
          </>
        )}
        <label htmlFor="unlock-passphrase">Passphrase</label>
        <PassphraseInput id="unlock-passphrase" autoComplete="current-password" value={passphrase} onChange={setPassphrase} autoFocus={!needsKey} />
        {!needsKey && <p className="hint">The secret key comes from this device; you only need your passphrase here.</p>}
        {error && <p role="alert" className="error">{error}</p>}
        <button type="submit" className="primary" disabled={busy} aria-busy={busy}>
          {busy ? 'Unlocking… deriving your key' : 'Unlock'}
        </button>
      </form>
    </main>
  )
}
