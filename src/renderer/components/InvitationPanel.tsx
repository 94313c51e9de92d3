import { useEffect, useRef, useState } from 'react'
import type { InvitationView } from '../../shared/api.js'
import { acceptCommand, formatCountdown } from '../lib/device-views.js'
import { useEscapeToClose } from '../lib/use-escape-to-close.js'
import { QrCode } from './QrCode.js'

/** Ticks once a second while shown, for the countdown. */
function useNow(): number {
  const [now, setNow] = useState(Date.now)
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 1000)
    return () => window.clearInterval(timer)
  }, [])
  return now
}

/**
 * An open invitation: the code (typed or scanned on the new machine), its expiry, and the command to run there.
 * It takes the focus when it opens; Escape calls `onEscape` (the screen asks before the code stops working,
 * or just closes an expired one), and the focus then goes back to `returnFocusTo` (the Pair button).
 */
export function InvitationPanel(props: {
  invitation: InvitationView
  onCancel: () => void
  onRenew: () => void
  onEscape: () => void
  returnFocusTo: () => HTMLElement | null | undefined
}) {
  const { invitation } = props
  const closing = useEscapeToClose<HTMLElement>(props.onEscape, { returnFocusTo: props.returnFocusTo })
  const left = Date.parse(invitation.expiresAt) - useNow()
  const codeRef = useRef<HTMLInputElement>(null)
  const [copied, setCopied] = useState<string | null>(null)
  const onlyHere = invitation.host === '127.0.0.1' || invitation.host === 'localhost'

  async function copy() {
    try {
      await navigator.clipboard.writeText(invitation.code)
      setCopied('Copied.')
    } catch {
      // The desktop app grants the page no clipboard permission: select the code for Ctrl+C instead.
      codeRef.current?.select()
      setCopied('The code is selected: press Ctrl+C (⌘C on a Mac) to copy it.')
    }
  }

  if (left <= 0) {
    return (
      <section className="card-block invitation" aria-labelledby="invitation-title" {...closing}>
        <h2 id="invitation-title">Pair a new device</h2>
        <p>This code has expired, unused. Nobody can join with it any more.</p>
        <button type="button" className="primary" onClick={props.onRenew}>
          Make a new code
        </button>
      </section>
    )
  }
  return (
    <section className="card-block invitation" aria-labelledby="invitation-title" {...closing}>
      <h2 id="invitation-title">Pair a new device</h2>
      <div className="invitation-body">
        <QrCode qr={invitation.qr} label="QR code to scan on the new machine" />
        <div className="invitation-text">
          <label htmlFor="invitation-code">Invitation code</label>
          <div className="code-row">
            <input id="invitation-code" ref={codeRef} readOnly value={invitation.code} onFocus={(e) => e.target.select()} spellCheck={false} />
            <button type="button" className="compact" onClick={() => void copy()}>
              Copy
            </button>
          </div>
          {copied && (
            <p role="status" className="hint">
              {copied}
            </p>
          )}
          <p>
            Expires in <strong aria-live="off">{formatCountdown(left)}</strong>. It works once: the first device that uses it joins.
          </p>
          <p>
            On the new machine, open MeVault (with no vault there yet), choose <strong>Join that vault with an invitation code</strong>, and
            enter this code or scan it.
          </p>
          <p className="hint">
            It asks for a passphrase for that machine and shows its own secret key: write that one down too. In a terminal, the same is{' '}
            <code>{acceptCommand(invitation.code)}</code>.
          </p>
          {onlyHere && (
            <p className="notice">
              This code leads to {invitation.host}:{invitation.port}, so only a MeVault on this same computer can use it. To pair
              another computer, first let other computers on your network connect (above), then make a new code.
            </p>
          )}
          <p className="hint">Anyone who has this code before it expires can join your vault once. Share it only with your own machine.</p>
          <button type="button" onClick={props.onCancel}>
            Cancel invitation
          </button>
        </div>
      </div>
    </section>
  )
}
