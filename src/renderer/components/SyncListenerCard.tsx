import { useEffect, useState } from 'react'
import type { SyncListenerView } from '../../shared/api.js'

/**
 * Whether paired devices can reach this one, and from where. Listening on 127.0.0.1 reaches only
 * this computer; other machines need "network" (every interface), which the person chooses.
 */
export function SyncListenerCard(props: {
  listener: SyncListenerView | null
  busy: boolean
  onListen: (network: boolean) => void
  onStop: () => void
}) {
  const { listener } = props
  const [network, setNetwork] = useState(listener?.network ?? false)
  const listening = listener?.network
  useEffect(() => {
    if (listening !== undefined) setNetwork(listening)
  }, [listening])
  const changed = listener !== null && listener.network !== network

  return (
    <section className="card-block" aria-labelledby="listener-title">
      <h2 id="listener-title">Listening for your devices</h2>
      <p role="status" className="listener-status">
        {listener ? (
          <>
            <span className="dot on" aria-hidden="true" /> Syncing on {listener.host}:{listener.port}
          </>
        ) : (
          <>
            <span className="dot" aria-hidden="true" /> Not listening
          </>
        )}
      </p>
      <p className="hint">
        {!listener
          ? 'Your paired devices cannot sync with this one until it listens; it can still sync with them (Sync now, below). It stops when the vault locks.'
          : listener.network
            ? `Other computers on your network can connect${listener.reachableAt ? ` at ${listener.reachableAt}` : ''}; only paired devices get past the handshake. It stops when the vault locks.`
            : 'Only this computer can connect (127.0.0.1). For your other computers, let them connect over the network. It stops when the vault locks.'}
      </p>
      <div className="checkbox">
        <input id="listen-network" type="checkbox" checked={network} onChange={(e) => setNetwork(e.target.checked)} />
        <label htmlFor="listen-network">Let other computers on my network connect (listens on every network interface)</label>
      </div>
      <div className="row">
        {(!listener || changed) && (
          <button type="button" className="primary" disabled={props.busy} onClick={() => props.onListen(network)}>
            {listener ? 'Listen again with this choice' : 'Start listening'}
          </button>
        )}
        {listener && (
          <button type="button" disabled={props.busy} onClick={props.onStop}>
            Stop listening
          </button>
        )}
      </div>
      {changed && <p className="hint">Listening again uses a new port, and ends an open invitation (its code names the old address).</p>}
    </section>
  )
}
