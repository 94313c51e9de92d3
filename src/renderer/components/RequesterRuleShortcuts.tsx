import { useState } from 'react'
import { REQUESTER_RULES, type MeVaultApi, type RequesterRule, type RequestPreview } from '../../shared/api.js'
import { describeError } from './describe-error.js'

const BUTTON_TEXT: Record<RequesterRule, string> = {
  ask: 'Always ask',
  allow: 'Always allow this requester',
  block: 'Block'
}

/** One-click requester rules from the consent screen; Settings lists them all. */
export function RequesterRuleShortcuts(props: { api: MeVaultApi; preview: RequestPreview; onChanged: () => void }) {
  const { requester, requesterRule } = props.preview
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  async function choose(rule: RequesterRule | 'none') {
    setBusy(true)
    setError(null)
    try {
      await props.api['policy.setRequesterRule']({ requester: requester.id, rule })
      props.onChanged()
    } catch (failure) {
      setError(describeError(failure))
    } finally {
      setBusy(false)
    }
  }

  return (
    <div className="requester-shortcuts" role="group" aria-label={`Your rule for ${requester.name}`}>
      <p className="hint">
        {requesterRule === 'none' ? `No rule for ${requester.name}: your tier rules apply.` : `Your rule for ${requester.name}: ${BUTTON_TEXT[requesterRule].toLowerCase()}.`}{' '}
        “Always allow” only pre-approves requests {requester.name} has signed, and never private fields.
      </p>
      <div className="segmented">
        {REQUESTER_RULES.map((rule) => (
          <button key={rule} type="button" aria-pressed={requesterRule === rule} disabled={busy} onClick={() => void choose(rule === requesterRule ? 'none' : rule)}>
            {BUTTON_TEXT[rule]}
          </button>
        ))}
      </div>
      {error && <p role="alert" className="error">{error}</p>}
    </div>
  )
}
