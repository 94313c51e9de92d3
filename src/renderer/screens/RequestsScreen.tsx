import { useEffect, useRef, useState } from 'react'
import type { LedgerEntry, MeVaultApi } from '../../shared/api.js'
import { BackToList } from '../components/BackToList.js'
import { ConsentView } from '../components/ConsentView.js'
import { RequestLinkForm } from '../components/RequestLinkForm.js'
import { formatWhen } from '../lib/durations.js'
import { escapeGoesBack, focusWhenShown, useFocusDetailsInFront } from '../lib/one-pane.js'
import { useRovingFocus } from '../lib/use-roving-focus.js'
import type { Inbox, InboxItem } from '../lib/use-inbox.js'
import { OUTCOME_LABEL } from '../lib/outcome-labels.js'

/** The inbox of imported request files, and the consent screen for the one chosen. */
export function RequestsScreen({ api, inbox }: { api: MeVaultApi; inbox: Inbox }) {
  const [dragging, setDragging] = useState(false)
  const current = inbox.items.find((item) => item.key === inbox.selected) ?? null
  const { refresh } = inbox
  // One Tab stop for the inbox (the open request): ↑ ↓ between requests, Tab to its Remove.
  const inboxRef = useRovingFocus<HTMLUListElement>({ targetSelector: '.inbox-item' })
  // Rules may have changed in Settings since these requests were read.
  useEffect(() => void refresh(), [])
  // Below the one-pane width (lib/one-pane.ts) the consent takes the inbox's place: when the person
  // picks a request, or one arrives (imported, dropped, a link), until "Back to the list".
  const [consentAsked, setConsentAsked] = useState(false)
  const consentInFront = consentAsked && current !== null
  const consentPane = useRef<HTMLDivElement>(null)
  useFocusDetailsInFront(consentInFront, consentPane)
  const arrived = useRef(inbox.selected)
  useEffect(() => {
    if (inbox.selected !== arrived.current && inbox.selected !== null) setConsentAsked(true)
    arrived.current = inbox.selected
  }, [inbox.selected])

  function backToList() {
    setConsentAsked(false)
    focusWhenShown(() => document.querySelector<HTMLElement>('.inbox-item[aria-current="true"]'))
  }

  return (
    <div className={`panes${consentInFront ? ' details-in-front' : ''}`}>
      <section className="list-pane" aria-labelledby="requests-title">
        <header className="pane-header">
          <h1 id="requests-title">Requests</h1>
        </header>
        <div
          className={`drop-zone${dragging ? ' dragging' : ''}`}
          onDragOver={(e) => (e.preventDefault(), setDragging(true))}
          onDragLeave={() => setDragging(false)}
          onDrop={(e) => {
            e.preventDefault()
            e.stopPropagation()
            setDragging(false)
            void inbox.importFiles(e.dataTransfer.files)
          }}
        >
          <label htmlFor="import-request" className="button">
            Import a request file
          </label>
          <input
            id="import-request"
            className="visually-hidden-file"
            type="file"
            accept=".json,.jws,.txt,application/json"
            onChange={(e) => {
              if (e.target.files) void inbox.importFiles(e.target.files)
              e.target.value = ''
            }}
          />
          <p className="hint">or drop it anywhere on this window. Nothing is shared until you say so.</p>
        </div>
        <RequestLinkForm onOpen={inbox.importLink} offered={inbox.offeredLink} />
        {inbox.error && <p role="alert" className="error">{inbox.error}</p>}
        {inbox.items.length === 0 ? (
          <p className="empty">
            No requests yet. When a company asks for your data, it sends you a request file (a .json, or .jws when signed). Import it here to see exactly what it wants.
          </p>
        ) : (
          <ul className="inbox" aria-label="Imported requests" ref={inboxRef}>
            {inbox.items.map((item) => (
              <li key={item.key}>
                <button
                  type="button"
                  className={`inbox-item${item.key === inbox.selected ? ' selected' : ''}`}
                  aria-current={item.key === inbox.selected ? 'true' : undefined}
                  onClick={() => (inbox.select(item.key), setConsentAsked(true))}
                >
                  <span className="inbox-name">{item.preview.requester.name}</span>
                  <span className="hint">{item.preview.purpose}</span>
                  <span className="hint">
                    {answeredOutcome(item)
                      ? `Answered: ${OUTCOME_LABEL[answeredOutcome(item)!].toLowerCase()}`
                      : item.preview.expiresAt
                        ? `Open until ${formatWhen(item.preview.expiresAt)}`
                        : 'Waiting for your answer'}
                  </span>
                </button>
                <button type="button" className="compact link inbox-remove" onClick={() => void inbox.dismiss(item.key)} aria-label={`Remove the request from ${item.preview.requester.name} from the inbox`}>
                  Remove
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
      <div className="details-pane" ref={consentPane} tabIndex={-1} onKeyDown={escapeGoesBack(consentInFront, backToList)}>
        {consentInFront && <BackToList onBack={backToList} />}
        {current ? (
          <ConsentView
            key={current.key}
            api={api}
            text={current.text}
            preview={current.preview}
            answer={current.answer}
            onAnswered={(answer) => inbox.answered(current.key, answer)}
            onPolicyChanged={() => void inbox.refresh()}
          />
        ) : (
          <div className="details placeholder">
            <h2>Nothing to answer</h2>
            <p className="lead">
              Import a request to see who asks, why, for how long and what they offer, with one line per field. Nothing is
              pre-approved that your policy would not share.
            </p>
          </div>
        )}
      </div>
    </div>
  )
}

/** How a request in the inbox was answered: here, or before (the ledger says so in its preview). */
function answeredOutcome(item: InboxItem): LedgerEntry['outcome'] | undefined {
  return item.answer?.outcome ?? item.preview.answeredBefore?.outcome
}

