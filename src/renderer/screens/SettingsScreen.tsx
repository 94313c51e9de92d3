import { useEffect, useState, type FormEvent } from 'react'
import { MIN_NEW_PASSPHRASE_LENGTH, POLICY_PRESET_NAMES, type MeVaultApi, type PolicyPresetName, type PolicyView } from '../../shared/api.js'
import { BackupSettings } from '../components/BackupSettings.js'
import { ClipboardSettings } from '../components/ClipboardSettings.js'
import { describeError } from '../components/describe-error.js'
import { ExportJson } from '../components/ExportJson.js'
import { PassphraseInput } from '../components/PassphraseInput.js'
import { RecoveryKitSave } from '../components/RecoveryKitSave.js'
import { RequesterRules } from '../components/RequesterRules.js'
import { SoldIndividuallyToggle } from '../components/SoldIndividuallyToggle.js'
import { TierRulesForm } from '../components/TierRulesForm.js'
import { AUTO_LOCK_CHOICES, readAutoLockMinutes, saveAutoLockMinutes } from '../lib/auto-lock.js'

const PRESETS: Record<PolicyPresetName, { title: string; text: string }> = {
  'ask-first': { title: 'Ask me first (the starting rules)', text: 'Public and restricted fields ask you; private ones are never offered.' },
  'share-public': { title: 'Share public fields', text: 'Public fields are pre-approved, restricted ones ask you, private ones are never offered.' },
  'ask-me': { title: 'Ask me every time', text: 'Nothing is pre-approved; every field asks you.' },
  'share-nothing': { title: 'Share nothing', text: 'Nothing is pre-approved, and the policy suggests sharing nothing at all.' }
}

/** Standing policy, passphrase change, and the theme (which follows the system). */
export function SettingsScreen({ api }: { api: MeVaultApi }) {
  const [serverLockMinutes, setServerLockMinutes] = useState<number | undefined>(undefined)
  useEffect(() => {
    void api['vault.state']().then((state) => setServerLockMinutes(state.idleLockMinutes), () => {})
  }, [api])
  const [policy, setPolicy] = useState<PolicyView | null>(null)
  const [policyError, setPolicyError] = useState<string | null>(null)
  // The radio moves at once; the saved policy confirms it (or the error puts it back).
  const [choosing, setChoosing] = useState<PolicyPresetName | null>(null)

  useEffect(() => {
    api['policy.get']().then(setPolicy, (failure: unknown) => setPolicyError(describeError(failure)))
  }, [api])

  async function choose(preset: PolicyPresetName) {
    setChoosing(preset)
    try {
      setPolicy(await api['policy.applyPreset']({ preset }))
      setPolicyError(null)
    } catch (failure) {
      setPolicyError(describeError(failure))
    } finally {
      setChoosing(null)
    }
  }
  const shownPreset = choosing ?? policy?.preset ?? null
  const saved = (view: PolicyView) => (setPolicy(view), setPolicyError(null))
  const failed = (failure: unknown) => setPolicyError(describeError(failure))

  return (
    <div className="panes single">
      <section className="list-pane wide settings" aria-labelledby="settings-title">
        <header className="pane-header">
          <h1 id="settings-title">Settings</h1>
        </header>

        <fieldset className="card-block">
          {/* A heading in the legend, so "Rule per tier" (h3) sits under an h2 like the other blocks' titles. */}
          <legend>
            <h2>Standing policy</h2>
          </legend>
          <p className="hint">What the consent screen pre-approves. You still confirm every answer.</p>
          {POLICY_PRESET_NAMES.map((preset) => (
            <div key={preset} className="radio">
              <input
                type="radio"
                id={`preset-${preset}`}
                name="policy-preset"
                checked={shownPreset === preset}
                disabled={!policy}
                onChange={() => void choose(preset)}
              />
              <label htmlFor={`preset-${preset}`}>
                <strong>{PRESETS[preset].title}</strong>
                <span className="hint">{PRESETS[preset].text}</span>
              </label>
            </div>
          ))}
          {policy && <h3>Rule per tier</h3>}
          {policy && <TierRulesForm api={api} policy={policy} onSaved={saved} onError={failed} />}
          {policy && policy.preset === null && <p className="hint">Your rules are your own mix; picking a preset replaces them (requester rules stay).</p>}
          {policy && <SoldIndividuallyToggle api={api} policy={policy} onSaved={saved} onError={failed} />}
          {policy && <RequesterRules api={api} policy={policy} onSaved={saved} onError={failed} />}
          {policyError && <p role="alert" className="error">{policyError}</p>}
        </fieldset>

        <ChangePassphrase api={api} />

        <BackupSettings api={api} />

        <div className="card-block" role="group" aria-labelledby="kit-again-title">
          <h2 id="kit-again-title">Recovery kit</h2>
          <p className="hint">Lost your kit? Make it again: it holds this vault&apos;s secret key, which has not changed.</p>
          <RecoveryKitSave api={api} idPrefix="settings" />
        </div>

        <ExportJson api={api} />

        <AutoLock serverLockMinutes={serverLockMinutes} />

        <ClipboardSettings />

        <div className="card-block">
          <h2>Appearance</h2>
          <p className="hint">MeVault follows your system’s light or dark setting.</p>
        </div>
      </section>
    </div>
  )
}

function ChangePassphrase({ api }: { api: MeVaultApi }) {
  const [current, setCurrent] = useState('')
  const [next, setNext] = useState('')
  const [confirm, setConfirm] = useState('')
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null)
  const [busy, setBusy] = useState(false)

  async function submit(event: FormEvent) {
    event.preventDefault()
    if (next.length < MIN_NEW_PASSPHRASE_LENGTH) return setStatus({ ok: false, text: `A new passphrase needs at least ${MIN_NEW_PASSPHRASE_LENGTH} characters.` })
    if (next !== confirm) return setStatus({ ok: false, text: 'The two new passphrases are not the same.' })
    setBusy(true)
    setStatus(null)
    try {
      await api['vault.changePassphrase']({ current, next })
      setCurrent('')
      setNext('')
      setConfirm('')
      setStatus({ ok: true, text: 'Passphrase changed. Use the new one next time you unlock.' })
    } catch (failure) {
      setStatus({ ok: false, text: describeError(failure) })
    } finally {
      setBusy(false)
    }
  }

  return (
    <form className="card-block" onSubmit={(e) => void submit(e)} aria-labelledby="passphrase-title">
      <h2 id="passphrase-title">Change passphrase</h2>
      <label htmlFor="current-passphrase">Current passphrase</label>
      <PassphraseInput id="current-passphrase" autoComplete="current-password" value={current} onChange={setCurrent} />
      <label htmlFor="new-passphrase">New passphrase</label>
      <PassphraseInput id="new-passphrase" autoComplete="new-password" value={next} onChange={setNext} />
      <label htmlFor="confirm-new-passphrase">Confirm new passphrase</label>
      <PassphraseInput id="confirm-new-passphrase" autoComplete="new-password" value={confirm} onChange={setConfirm} />
      <button type="submit" className="primary" disabled={busy || current === ''}>
        {busy ? 'Changing…' : 'Change passphrase'}
      </button>
      {status && (
        <p role={status.ok ? 'status' : 'alert'} className={status.ok ? 'hint' : 'error'}>
          {status.text}
        </p>
      )}
    </form>
  )
}

/** `serverLockMinutes`: the holder (`mevault serve --lock-after`) locks after that long whatever the page says. */
function AutoLock({ serverLockMinutes }: { serverLockMinutes?: number }) {
  const [minutes, setMinutes] = useState(readAutoLockMinutes)
  const overridden = serverLockMinutes !== undefined && (minutes === 0 || minutes > serverLockMinutes)
  return (
    <div className="card-block">
      <h2>Auto-lock</h2>
      <label htmlFor="auto-lock">Lock the vault after</label>
      <select
        id="auto-lock"
        className="narrow"
        value={minutes}
        onChange={(e) => {
          const next = Number(e.target.value)
          setMinutes(next)
          saveAutoLockMinutes(next)
        }}
      >
        {AUTO_LOCK_CHOICES.map((choice) => (
          <option key={choice} value={choice}>
            {choice === 0 ? 'Never' : choice === 1 ? '1 minute without use' : `${choice} minutes without use`}
          </option>
        ))}
      </select>
      {overridden && (
        <p className="notice" role="status">
          This MeVault (started with <code>mevault serve</code>) also locks the vault after {serverLockMinutes} minutes without use, even with
          this page closed: that comes first.
        </p>
      )}
      <p className="hint">Ctrl+L (⌘L on a Mac) locks at once.</p>
    </div>
  )
}
