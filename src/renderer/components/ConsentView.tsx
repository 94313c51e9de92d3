import { useEffect, useState } from 'react'
import type { MeVaultApi, RequestAnswer, RequestPreview } from '../../shared/api.js'
import type { ConsentLine } from '../../shared/types.js'
import { describeDuration, formatWhen } from '../lib/durations.js'
import { DeliveryOutcome } from './DeliveryOutcome.js'
import { describeError } from './describe-error.js'
import { RequesterIdentity } from './RequesterIdentity.js'
import { RequesterRuleShortcuts } from './RequesterRuleShortcuts.js'
import { SaveTextLink } from './SaveTextLink.js'
import { SignatureStatus } from './SignatureStatus.js'
import { TierBadge } from './TierBadge.js'

const SUGGESTION_TEXT: Record<ConsentLine['suggestion'], string> = {
  share: 'Your policy would share this',
  ask: 'Your policy asks you',
  never: 'Your policy would not share this',
  missing: 'Not in your vault'
}

/**
 * The consent screen, read like a good OAuth screen: who asks, why, for how long, what they offer,
 * then one line per field with a toggle. Toggles start on only where the standing policy shares.
 */
export function ConsentView(props: {
  api: MeVaultApi
  text: string
  preview: RequestPreview
  answer?: RequestAnswer
  onAnswered: (answer: RequestAnswer) => void
  /** A requester rule changed here: the preview's suggestions need reading again. */
  onPolicyChanged: () => void
}) {
  const { preview, answer } = props
  const [chosen, setChosen] = useState<Set<string>>(() => new Set(preview.lines.filter((l) => l.defaultChoice).map((l) => l.path)))
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  useEffect(() => {
    setChosen(new Set(preview.lines.filter((l) => l.defaultChoice).map((l) => l.path)))
  }, [preview])

  function toggle(path: string, on: boolean) {
    setChosen((previous) => {
      const next = new Set(previous)
      if (on) next.add(path)
      else next.delete(path)
      return next
    })
  }

  async function send(paths: string[]) {
    setBusy(true)
    setError(null)
    try {
      props.onAnswered(await props.api['requests.answer']({ text: props.text, approve: paths, ...(preview.answeredBefore ? { again: true } : {}) }))
    } catch (failure) {
      setError(describeError(failure))
    } finally {
      setBusy(false)
    }
  }

  const { requester } = preview
  const selected = preview.lines.filter((l) => chosen.has(l.path)).map((l) => l.path)

  return (
    <section className="details consent" aria-labelledby="consent-title">
      <h2 id="consent-title">{requester.name} asks for {preview.lines.length === 1 ? '1 field' : `${preview.lines.length} fields`}</h2>
      <p className="hint requester-id">
        {requester.url} · <code>{requester.id}</code>
      </p>
      <RequesterIdentity requester={requester} />
      <SignatureStatus signature={preview.signature} />
      <dl className="terms">
        <dt>Why</dt>
        <dd>{preview.purpose}</dd>
        <dt>How long they keep it</dt>
        <dd>{describeDuration(preview.retention)}</dd>
        <dt>What they offer</dt>
        <dd>{preview.compensation ? `${preview.compensation.amount} ${preview.compensation.currency}` : 'Nothing in return'}</dd>
        <dt>Answer before</dt>
        <dd>{formatWhen(preview.expiresAt)}</dd>
      </dl>
      {preview.answeredBefore && (
        <p className="notice" role="status">
          You answered this request on {formatWhen(preview.answeredBefore.at)} ({preview.answeredBefore.outcome}). Answering again adds a new entry to your ledger.
        </p>
      )}
      {preview.missingRequired.length > 0 && (
        <p className="notice">Your vault lacks required fields: {preview.missingRequired.join(', ')}. They may turn your answer down.</p>
      )}

      <ul className="consent-lines" aria-label="Requested fields">
        {preview.lines.map((line) => (
          <li key={line.path} className={`consent-line${line.held ? '' : ' missing'}`} data-path={line.path}>
            <input
              type="checkbox"
              id={`share-${line.path}`}
              checked={chosen.has(line.path)}
              disabled={!line.held || Boolean(answer)}
              onChange={(e) => toggle(line.path, e.target.checked)}
            />
            <label htmlFor={`share-${line.path}`} className="consent-main">
              <span className="consent-path">
                Share {line.path}
                {line.required && <span className="required"> (required)</span>}
              </span>
              <span className="consent-purpose">{line.purpose}</span>
              {line.preview !== undefined && <span className="consent-preview">{line.preview}</span>}
            </label>
            <span className="consent-meta">
              {line.tier ? <TierBadge tier={line.tier} /> : <span className="tier-badge none">Not held</span>}
              <span className="hint" title={line.reason}>
                {SUGGESTION_TEXT[line.suggestion]}
              </span>
            </span>
          </li>
        ))}
      </ul>

      <RequesterRuleShortcuts api={props.api} preview={preview} onChanged={props.onPolicyChanged} />

      {!answer && (
        <p className="hint sealing">
          {preview.sealedAnswer
            ? `${requester.name} asked for a sealed answer: it will be encrypted to their key, so only they can open it.`
            : `${requester.name} gave no key to seal the answer to: it will be signed but readable by anyone who gets the file.`}
          {preview.sendsTo?.answer ? ` Your answer will be sent to ${preview.sendsTo.answer.shownAs}.` : ''}
        </p>
      )}

      {error && <p role="alert" className="error">{error}</p>}

      {!answer ? (
        <div className="row">
          <button type="button" className="primary" disabled={busy || selected.length === 0} onClick={() => void send(selected)}>
            {selected.length === 0 ? 'Choose fields to share' : `Share ${selected.length} ${selected.length === 1 ? 'field' : 'fields'}`}
          </button>
          <button type="button" disabled={busy} onClick={() => void send([])}>
            Refuse
          </button>
        </div>
      ) : (
        <div className="answer" role="status">
          <h3>{answer.outcome === 'refused' ? 'You refused this request' : `Signed: ${answer.shared.join(', ')}`}</h3>
          {answer.delivery && <DeliveryOutcome api={props.api} receiptId={answer.receipt.id} requester={requester.name} delivery={answer.delivery} />}
          <p className="lead">
            {answer.delivery ? 'You can also save it.' : `Save the answer and send it to ${requester.name}.`} It is signed with your key, so they can check it came from you and was not changed.{' '}
            {answer.sealed
              ? `It is sealed to the key ${requester.name} gave: only they can open it.`
              : 'It is not sealed: anyone who gets the file can read it, so send it only to them.'}
          </p>
          <SaveTextLink text={answer.packet} fileName={answer.fileName} mediaType={answer.sealed ? 'application/json' : 'application/jose'}>
            {`Save the answer (${answer.fileName})`}
          </SaveTextLink>
          <p className="hint">
            SHA-256 <code>{answer.sha256}</code>
          </p>
        </div>
      )}
    </section>
  )
}
