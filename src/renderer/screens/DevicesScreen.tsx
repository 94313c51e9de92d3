/** Honest placeholder: device pairing is being built in the core; this screen shows it once it lands. */
export function DevicesScreen() {
  return (
    <div className="panes single">
      <section className="list-pane wide" aria-labelledby="devices-title">
        <header className="pane-header">
          <h1 id="devices-title">Devices</h1>
        </header>
        <div className="empty">
          <p>Only this device holds your vault for now.</p>
          <p>
            Pairing another computer (with a one-time code or a QR code) and syncing between your own devices is not in this build
            yet. Nothing syncs, so nothing here is out of date.
          </p>
        </div>
      </section>
    </div>
  )
}
