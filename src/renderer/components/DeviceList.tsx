import { useState } from 'react'
import type { DeviceInfo } from '../../shared/api.js'
import { formatWhen } from '../lib/durations.js'
import { useRovingFocus } from '../lib/use-roving-focus.js'
import { ConfirmDialog } from './ConfirmDialog.js'
import { RenameDevice } from './RenameDevice.js'

/** When this device last synced with that one, honestly: "never" until it has. */
function syncedText(device: DeviceInfo): string {
  if (device.thisDevice) return 'This device'
  return device.lastSeen ? `Last synced ${formatWhen(device.lastSeen)}` : 'Never synced with this device'
}

/** The vault's devices, this one first-class; revoking asks first and says what it does. */
export function DeviceList(props: {
  devices: DeviceInfo[]
  onRevoke: (device: DeviceInfo) => Promise<boolean>
  onRename: (device: DeviceInfo, name: string) => Promise<boolean>
}) {
  const [asking, setAsking] = useState<DeviceInfo | null>(null)
  const [busy, setBusy] = useState(false)
  // One Tab stop for the list: ↑ ↓ between devices, Tab to the active one's Rename and Revoke.
  const listRef = useRovingFocus<HTMLUListElement>()

  async function revoke(device: DeviceInfo) {
    setBusy(true)
    const done = await props.onRevoke(device)
    setBusy(false)
    if (done) setAsking(null)
  }

  return (
    <>
      <ul className="devices" aria-label="Devices of this vault" ref={listRef}>
        {props.devices.map((device) => (
          <li key={device.id} className={`device${device.revokedAt ? ' revoked' : ''}${device.thisDevice ? ' this-device' : ''}`} data-device-id={device.id}>
            <div className="device-main">
              <div className="device-head">
                <h2>{device.name}</h2>
                {!device.revokedAt && <RenameDevice device={device} onRename={props.onRename} />}
                {device.thisDevice && <span className="device-tag">This device</span>}
                {device.revokedAt && <span className="device-tag revoked-tag">Revoked {formatWhen(device.revokedAt)}</span>}
              </div>
              <p className="hint">
                Key fingerprint <code>{device.fingerprint}</code> · paired {formatWhen(device.pairedAt)}
              </p>
              {!device.thisDevice && <p className="hint device-synced">{syncedText(device)}</p>}
            </div>
            {!device.thisDevice && !device.revokedAt && (
              <button type="button" className="danger-outline compact" onClick={() => setAsking(device)} aria-label={`Revoke ${device.name}`}>
                Revoke
              </button>
            )}
          </li>
        ))}
      </ul>
      {asking && (
        <ConfirmDialog
          title={`Revoke ${asking.name}?`}
          confirmLabel={busy ? 'Revoking…' : `Revoke ${asking.name}`}
          busy={busy}
          onCancel={() => setAsking(null)}
          onConfirm={() => void revoke(asking)}
          // Revoked, the device has no Revoke button any more: the focus goes to its row.
          returnFocusTo={() => document.querySelector<HTMLElement>(`.devices [data-device-id="${CSS.escape(asking.id)}"]`)}
        >
          <p>
            {asking.name} (key <code>{asking.fingerprint}</code>) can no longer sync with this device. Your other devices refuse
            it too once they have synced with this one.
          </p>
          <p>
            MeVault also moves your vault to a new key: whatever is written from now on is under that key, which {asking.name} never
            gets. What it already synced stays on it.
          </p>
          <p className="hint">This cannot be undone. To use that machine again, pair it as a new device.</p>
        </ConfirmDialog>
      )}
    </>
  )
}
