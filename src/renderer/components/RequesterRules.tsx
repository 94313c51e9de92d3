import { useEffect, useState, type FormEvent } from 'react'
import { REQUESTER_RULES, type MeVaultApi, type PolicyView, type RequesterRule } from '../../shared/api.js'
import { didKeyProblem, knownRequesters, REQUESTER_RULE_TEXT, shortDid, type KnownRequester } from '../lib/requesters.js'

const OTHER = 'other'

/**
 * Rules for one requester at a time, named as the ledger knows them. Adding one picks from the
 * requesters already answered; pasting a did:key is the fallback for someone not answered yet.
 */
export function RequesterRules(props: { api: MeVaultApi; policy: PolicyView; onSaved: (view: PolicyView) => void; onError: (failure: unknown) => void }) {
  const { api, policy } = props
  const [known, setKnown] = useState<KnownRequester[]>([])

  useEffect(() => {
    // Once per screen: the ledger does not change while Settings is open.
    api['ledger.list']().then((entries) => setKnown(knownRequesters(entries)), props.onError)
  }, [api])

  async function save(requester: string, rule: RequesterRule | 'none'): Promise<boolean> {
    try {
      props.onSaved(await api['policy.setRequesterRule']({ requester, rule }))
      return true
    } catch (failure) {
      props.onError(failure)
      return false
    }
  }

  const nameOf = (id: string) => known.find((k) => k.id === id)?.name
  const rules = Object.entries(policy.requesters).sort(([a], [b]) => (nameOf(a) ?? `~${a}`).localeCompare(nameOf(b) ?? `~${b}`))

  return (
    <div className="requester-rules">
      <h3 id="requester-rules-title">Rules for one requester</h3>
      <p className="hint">
        A requester’s rule comes before the tier rules. “Always allow” pre-approves public and restricted fields only in requests that requester has
        signed (an unsigned request could come from anyone); private fields always wait for you.
      </p>
      {rules.length === 0 ? (
        <p className="empty">No requester has a rule of their own: the tier rules apply to everyone.</p>
      ) : (
        <ul className="requester-rule-list" aria-labelledby="requester-rules-title">
          {rules.map(([id, rule]) => {
            const name = nameOf(id) ?? 'Not in your ledger'
            return (
              <li key={id} data-requester={id}>
                <span className="requester-name">
                  {name}{' '}
                  <code className="hint" title={id}>
                    {shortDid(id)}
                  </code>
                </span>
                <select
                  className="narrow"
                  aria-label={`Rule for ${name} (${shortDid(id)})`}
                  value={rule}
                  onChange={(e) => void save(id, e.target.value as RequesterRule | 'none')}
                >
                  {REQUESTER_RULES.map((r) => (
                    <option key={r} value={r}>
                      {REQUESTER_RULE_TEXT[r]}
                    </option>
                  ))}
                  <option value="none">Remove the rule</option>
                </select>
              </li>
            )
          })}
        </ul>
      )}
      <AddRequesterRule known={known.filter((k) => !(k.id in policy.requesters))} onAdd={save} />
    </div>
  )
}

function AddRequesterRule(props: { known: KnownRequester[]; onAdd: (requester: string, rule: RequesterRule) => Promise<boolean> }) {
  const [choice, setChoice] = useState('')
  const [pasted, setPasted] = useState('')
  const [rule, setRule] = useState<RequesterRule>('ask')
  const [problem, setProblem] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  // Nobody known left to pick: the pasted did:key is the only way.
  const picked = choice === '' ? (props.known[0]?.id ?? OTHER) : choice

  async function submit(event: FormEvent) {
    event.preventDefault()
    const requester = picked === OTHER ? pasted.trim() : picked
    const wrong = picked === OTHER ? didKeyProblem(requester) : null
    setProblem(wrong)
    if (wrong) return
    setBusy(true)
    if (await props.onAdd(requester, rule)) {
      setChoice('')
      setPasted('')
    }
    setBusy(false)
  }

  return (
    <form className="add-requester-rule" aria-label="Add a requester rule" onSubmit={(e) => void submit(e)} noValidate>
      <label htmlFor="rule-requester">Requester</label>
      <select id="rule-requester" className="narrow" value={picked} onChange={(e) => (setChoice(e.target.value), setProblem(null))}>
        {props.known.map((k) => (
          <option key={k.id} value={k.id}>
            {k.name} ({shortDid(k.id)})
          </option>
        ))}
        <option value={OTHER}>Someone else: paste their did:key</option>
      </select>
      {picked === OTHER && (
        <>
          <label htmlFor="rule-did">Their did:key</label>
          <input
            id="rule-did"
            value={pasted}
            spellCheck={false}
            autoComplete="off"
            placeholder="did:key:z6Mk…"
            aria-invalid={problem ? true : undefined}
            aria-describedby={problem ? 'rule-did-problem' : undefined}
            onChange={(e) => setPasted(e.target.value)}
          />
        </>
      )}
      <label htmlFor="rule-kind">Rule</label>
      <select id="rule-kind" className="narrow" value={rule} onChange={(e) => setRule(e.target.value as RequesterRule)}>
        {REQUESTER_RULES.map((r) => (
          <option key={r} value={r}>
            {REQUESTER_RULE_TEXT[r]}
          </option>
        ))}
      </select>
      {problem && (
        <p id="rule-did-problem" role="alert" className="error">
          {problem}
        </p>
      )}
      <button type="submit" disabled={busy}>
        Add the rule
      </button>
    </form>
  )
}
