import { useEffect, useState } from 'react'

/**
 * "Paste a request link": what a requester's page shows as a link or a QR code. A link that opened
 * the desktop app arrives as `offered`: filled in, with where it points, for the person to open.
 */
export function RequestLinkForm(props: { onOpen: (link: string) => Promise<boolean>; offered?: string | null }) {
  const [link, setLink] = useState(props.offered ?? '')
  const [busy, setBusy] = useState(false)
  useEffect(() => {
    if (props.offered) setLink(props.offered)
  }, [props.offered])
  const offeredHost = props.offered && link === props.offered ? pointsTo(props.offered) : null
  return (
    <form
      className="request-link"
      aria-label="Open a request link"
      onSubmit={(e) => {
        e.preventDefault()
        if (!link.trim()) return
        setBusy(true)
        void props.onOpen(link.trim()).then((opened) => {
          setBusy(false)
          if (opened) setLink('')
        })
      }}
    >
      <label htmlFor="request-link">Or paste a request link</label>
      {offeredHost && (
        <p className="hint" role="status">
          A link opened MeVault. It points to a request at {offeredHost}: open it only if you expected one from there.
        </p>
      )}
      <div className="row">
        <input
          id="request-link"
          type="text"
          inputMode="url"
          placeholder="mevault://request?request_uri=https://… or openid4vp://…"
          value={link}
          onChange={(e) => setLink(e.target.value)}
          autoComplete="off"
          spellCheck={false}
        />
        <button type="submit" disabled={busy || !link.trim()}>
          {busy ? 'Opening…' : 'Open'}
        </button>
      </div>
    </form>
  )
}

/** The host a link points to (its request_uri, or an OpenID4VP link's response_uri), for the person to check. */
function pointsTo(link: string): string | null {
  try {
    const parameters = new URL(link).searchParams
    const inner = parameters.get('request_uri') ?? parameters.get('response_uri')
    return inner ? new URL(inner).host : null
  } catch {
    return null
  }
}
