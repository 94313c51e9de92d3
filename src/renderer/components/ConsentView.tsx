import { useEffect, useState } from 'react'
import { DID_KEY_PATTERN, type MeVaultApi, type RequestAnswer, type RequestPreview } from '../../shared/api.js'
import { claimNamed } from '../../shared/claims.js'
import { isMeVaultError } from '../../shared/errors.js'
import type { ConsentLine } from '../../shared/types.js'
import { describeDuration, formatWhen } from '../lib/durations.js'
import { DeliveryOutcome } from './DeliveryOutcome.js'
import { AddClaimInPlace } from './AddClaimInPlace.js'
import { DeclaredUse } from './DeclaredUse.js'
import { describeError } from './describe-error.js'
import { GivenAnswerLink } from './GivenAnswerLink.js'
import { OUTCOME_LABEL } from '../lib/outcome-labels.js'
import { RequesterIdentity } from './RequesterIdentity.js'
import { SelfIssuedCredential } from './SelfIssuedCredential.js'
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
  /** A requester rule changed here, or a missing field was added: the preview needs reading again. */
  onPolicyChanged: () => void
}) {
  const { preview, answer } = props
  const [chosen, setChosen] = useState<Set<string>>(() => new Set(preview.lines.filter((l) => l.defaultChoice).map((l) => l.requestedKey)))
  const [error, setError] = useState<string | null>(null)
  /** Answered before (elsewhere, or since this screen was read): the lines to send if the person says so. */
  const [answeredElsewhere, setAnsweredElsewhere] = useState<string[] | null>(null)
  const [busy, setBusy] = useState(false)

  useEffect(() => {
    // Read again (a rule changed, a field was added): the policy's choices, plus the person's own
    // choices where the line can still be shared.
    setChosen((previous) => {
      const shareable = (line: ConsentLine) => line.held && line.suggestion !== 'never'
      return new Set(preview.lines.filter((l) => l.defaultChoice || (previous.has(l.requestedKey) && shareable(l))).map((l) => l.requestedKey))
    })
  }, [preview])

  function toggle(path: string, on: boolean) {
    setChosen((previous) => {
      const next = new Set(previous)
      if (on) next.add(path)
      else next.delete(path)
      return next
    })
  }

  async function send(paths: string[], again = Boolean(preview.answeredBefore)) {
    setBusy(true)
    setError(null)
    setAnsweredElsewhere(null)
    try {
      props.onAnswered(await props.api['requests.answer']({ text: props.text, approve: paths, ...(again ? { again: true } : {}) }))
    } catch (failure) {
      setError(describeError(failure))
      if (isMeVaultError(failure, 'EXISTS')) setAnsweredElsewhere(paths)
    } finally {
      setBusy(false)
    }
  }

  const { requester } = preview
  const selected = preview.lines.filter((l) => chosen.has(l.requestedKey)).map((l) => l.requestedKey)
  const refused = preview.refusal !== undefined

  return (
    <section className="details consent" aria-labelledby="consent-title">
      <h2 id="consent-title">{requester.name} asks for {preview.lines.length === 1 ? '1 field' : `${preview.lines.length} fields`}</h2>
      <p className="hint requester-id">
        {requester.url} · <code>{requester.id}</code>
      </p>
      <RequesterIdentity requester={requester} />
      <SignatureStatus signature={preview.signature} />
      <DeclaredUse use={preview.use} requesterName={requester.name} />
      {preview.credential && <SelfIssuedCredential credential={preview.credential} />}
      <dl className="terms">
        <dt>Why</dt>
        <dd>{preview.purpose}</dd>
        <dt>How long they keep it</dt>
        <dd>{describeDuration(preview.retention)}</dd>
        <dt>What they offer</dt>
        <dd>{preview.compensation ? `${preview.compensation.amount} ${preview.compensation.currency}` : 'Nothing in return'}</dd>
        {preview.expiresAt && (
          <>
            <dt>Answer before</dt>
            <dd>{formatWhen(preview.expiresAt)}</dd>
          </>
        )}
      </dl>
      {preview.answeredBefore && (
        <p className="notice" role="status">
          You answered this request on {formatWhen(preview.answeredBefore.at)} ({OUTCOME_LABEL[preview.answeredBefore.outcome].toLowerCase()}). Answering again adds a new entry to your ledger.{' '}
          {!answer && <GivenAnswerLink api={props.api} receiptId={preview.answeredBefore.receiptId} />}
        </p>
      )}
      {refused && (
        <p className="notice refusal" role="status">
          Your policy refuses this request: {preview.refusal}. Nothing can be shared with it; you can still send a refusal, or change the
          rule in Settings.
        </p>
      )}
      {preview.missingRequired.length > 0 && (
        <p className="notice">
          Your vault lacks required fields: {preview.lines.filter((l) => l.required && !l.held).map((l) => l.label).join(', ')}. They may turn
          your answer down.
        </p>
      )}

      <ul className="consent-lines" aria-label="Requested fields">
        {preview.lines.map((line) => (
          <li key={line.requestedKey} className={`consent-line${line.held ? '' : ' missing'}`} data-path={line.requestedKey}>
            <input
              type="checkbox"
              id={`share-${line.requestedKey}`}
              checked={chosen.has(line.requestedKey)}
              disabled={!line.held || refused || Boolean(answer)}
              onChange={(e) => toggle(line.requestedKey, e.target.checked)}
            />
            <label htmlFor={`share-${line.requestedKey}`} className="consent-main">
              <span className="consent-path">
                Share {line.label}
                {line.required && <span className="required"> (required)</span>}
              </span>
              <ConsentLineSource line={line} />
              <span className="consent-purpose">{line.purpose}</span>
              {line.preview !== undefined && <span className="consent-preview">{line.preview}</span>}
            </label>
            <span className="consent-meta">
              {line.tier ? <TierBadge tier={line.tier} /> : <span className="tier-badge none">Not held</span>}
              <span className="hint" title={line.reason}>
                {SUGGESTION_TEXT[line.suggestion]}
              </span>
              {!line.held && !line.field && !answer && !refused && line.claim !== undefined && claimNamed(line.claim) && (
                <AddClaimInPlace api={props.api} claim={claimNamed(line.claim)!} onAdded={props.onPolicyChanged} />
              )}
            </span>
          </li>
        ))}
      </ul>

      {DID_KEY_PATTERN.test(requester.id) && <RequesterRuleShortcuts api={props.api} preview={preview} onChanged={props.onPolicyChanged} />}

      {!answer && (
        <p className="hint sealing">
          {preview.protocol === 'openid4vp'
            ? preview.sealedAnswer
              ? `Your answer will be encrypted to ${requester.name}’s key, so only they can open it.`
              : 'Your answer is signed and sent over HTTPS; it is not encrypted to a key of theirs.'
            : preview.sealedAnswer
              ? `${requester.name} asked for a sealed answer: it will be encrypted to their key, so only they can open it.`
              : `${requester.name} gave no key to seal the answer to: it will be signed but readable by anyone who gets the file.`}
          {preview.sendsTo?.answer ? ` Your answer will be sent to ${preview.sendsTo.answer.shownAs}.` : ''}
        </p>
      )}

      {error && <p role="alert" className="error">{error}</p>}
      {answeredElsewhere && !answer && (
        <div className="row">
          <button type="button" disabled={busy} onClick={() => void send(answeredElsewhere, true)}>
            Answer again
          </button>
        </div>
      )}

      {!answer ? (
        <div className="row">
          <button type="button" className="primary" disabled={busy || refused || selected.length === 0} onClick={() => void send(selected)}>
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
          <SaveTextLink
            text={answer.packet}
            fileName={answer.fileName}
            mediaType={answer.protocol === 'openid4vp' ? 'application/x-www-form-urlencoded' : answer.sealed ? 'application/json' : 'application/jose'}
          >
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

/**
 * Where a line's value comes from: for a claim, the claim's name and the field that carries it; the
 * name the person gave that field's record ("Passport"), so they see whose data goes.
 */
function ConsentLineSource({ line }: { line: ConsentLine }) {
  if (line.claim === undefined) return line.recordName === undefined ? null : <span className="hint consent-source">in {line.recordName}</span>
  if (line.knownClaim === false) return <span className="hint">{line.claim}: a claim MeVault does not know</span>
  return (
    <span className="hint consent-source">
      <code>{line.claim}</code>
      {line.field ? <> · from {line.field}</> : null}
      {line.recordName !== undefined && <> ({line.recordName})</>}
    </span>
  )
}
