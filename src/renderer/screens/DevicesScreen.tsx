import { useCallback, useEffect, useRef, useState } from 'react'
import type { DeviceInfo, InvitationView, MeVaultApi, SyncStatus, VaultEvents } from '../../shared/api.js'
import { ConfirmDialog } from '../components/ConfirmDialog.js'
import { DeviceList } from '../components/DeviceList.js'
import { InvitationPanel } from '../components/InvitationPanel.js'
import { SyncListenerCard } from '../components/SyncListenerCard.js'
import { SyncNowForm } from '../components/SyncNowForm.js'
import { describeDeviceError } from '../lib/device-views.js'
import { useVaultChanges } from '../lib/use-vault-changes.js'

/** This vault's devices: pair a new one with a code or QR code, see when each last synced, revoke, sync now. */
export function DevicesScreen({ api, events }: { api: MeVaultApi; events: VaultEvents }) {
  const [devices, setDevices] = useState<DeviceInfo[] | null>(null)
  const [status, setStatus] = useState<SyncStatus | null>(null)
  const [invitation, setInvitation] = useState<InvitationView | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  /** Escape on the open code: "Stop pairing?" asked, since the code stops working (and a new one has to be made). */
  const [askingStop, setAskingStop] = useState(false)
  const pairButton = useRef<HTMLButtonElement>(null)

  const refresh = useCallback(async () => {
    const [list, sync] = await Promise.all([api['devices.list'](), api['devices.syncStatus']()])
    setDevices(list)
    setStatus(sync)
    // A code shown here stays until it is used or cancelled; an expired one stays to say so.
    setInvitation((shown) => sync.invitation ?? (shown && sync.joined === null && Date.parse(shown.expiresAt) <= Date.now() ? shown : null))
  }, [api])

  const current = useRef(true)
  const reload = useCallback(() => {
    refresh().catch((failure: unknown) => current.current && setError(describeDeviceError(failure)))
  }, [refresh])
  useEffect(() => {
    current.current = true
    reload()
    return () => void (current.current = false)
  }, [reload])
  // A device joining, syncing or revoked (here, from the CLI, or by a sync) changes the device list: no polling.
  useVaultChanges(events, ['devices'], reload)

  async function act(action: () => Promise<unknown>): Promise<boolean> {
    setBusy(true)
    setError(null)
    try {
      await action()
      await refresh()
      return true
    } catch (failure) {
      setError(describeDeviceError(failure))
      return false
    } finally {
      setBusy(false)
    }
  }

  const invite = () => act(async () => setInvitation(await api['devices.invite']()))

  /**
   * Ends the code (Cancel invitation, or Stop pairing after Escape), and the focus goes back to the Pair
   * button: the panel that had it is gone, and the button was disabled while the code was cancelled.
   */
  async function stopPairing() {
    await act(async () => (await api['devices.cancelInvitation'](), setInvitation(null)))
    setAskingStop(false)
    // Once React has shown the button enabled again (a few frames on a busy machine), if the person has not moved on.
    const until = performance.now() + 5_000
    const attempt = () => {
      if (document.activeElement && document.activeElement !== document.body) return
      const button = pairButton.current
      if (button && !button.disabled) button.focus()
      else if (performance.now() < until) requestAnimationFrame(attempt)
    }
    requestAnimationFrame(attempt)
  }
  const joined = status?.joined ? devices?.find((device) => device.id === status.joined?.id) : undefined

  return (
    <div className="panes single">
      <section className="list-pane wide devices-screen" aria-labelledby="devices-title">
        <header className="pane-header">
          <h1 id="devices-title">Devices</h1>
          <button type="button" ref={pairButton} className="primary compact" disabled={busy} onClick={() => void invite()}>
            {invitation ? 'New pairing code' : 'Pair a new device'}
          </button>
        </header>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}

        {invitation && (
          <InvitationPanel
            key={invitation.code}
            invitation={invitation}
            onRenew={() => void invite()}
            onCancel={() => void stopPairing()}
            // Escape does not end a live code at once, as Syncthing and 1Password do not drop a pairing
            // on a stray key: it asks. An expired code is only information, and just closes.
            onEscape={() => (Date.parse(invitation.expiresAt) > Date.now() ? setAskingStop(true) : setInvitation(null))}
            returnFocusTo={() => pairButton.current}
          />
        )}
        {invitation && askingStop && (
          <ConfirmDialog
            title="Stop pairing?"
            confirmLabel="Stop pairing"
            cancelLabel="Keep waiting"
            busy={busy}
            onCancel={() => setAskingStop(false)}
            onConfirm={() => void stopPairing()}
            returnFocusTo={() => pairButton.current}
          >
            <p>The code will stop working. To pair a device later, you make a new one.</p>
          </ConfirmDialog>
        )}
        {!invitation && joined && !joined.revokedAt && (
          <p role="status" className="notice success joined">
            {joined.name} joined your vault (key <code>{joined.fingerprint}</code>).{' '}
            {joined.lastSeen ? 'It has synced with this device.' : 'Its first sync comes back here while this device listens.'}
          </p>
        )}

        {devices === null ? (
          <p className="empty" aria-busy="true">
            Reading your devices…
          </p>
        ) : (
          <>
            <DeviceList
              devices={devices}
              onRevoke={(device) => act(() => api['devices.revoke']({ id: device.id }))}
              onRename={(device, name) => act(() => api['devices.rename']({ id: device.id, name }))}
            />
            {devices.length === 1 && (
              <p className="empty">
                Only this device holds your vault. Pair another computer with a one-time code (Pair a new device): your devices then
                sync directly with each other, with no server in between.
              </p>
            )}
          </>
        )}

        {status && (
          <SyncListenerCard
            listener={status.listener}
            busy={busy}
            onListen={(network) => void act(() => api['devices.listen']({ network }))}
            onStop={() => void act(() => api['devices.stopListening']())}
          />
        )}
        <SyncNowForm api={api} onSynced={() => void refresh().catch(() => {})} />
      </section>
    </div>
  )
}
