import { useState } from 'react'

/** "Paste a request link": what a requester's page shows as a link or a QR code. */
export function RequestLinkForm(props: { onOpen: (link: string) => Promise<boolean> }) {
  const [link, setLink] = useState('')
  const [busy, setBusy] = useState(false)
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
      <div className="row">
        <input
          id="request-link"
          type="url"
          inputMode="url"
          placeholder="mevault://request?request_uri=https://…"
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
