import { useState } from 'react'
import type { MeVaultApi, PolicyView } from '../../shared/api.js'

/** The standing refusal of requests that sell the person's data individually (with their name on it). */
export function SoldIndividuallyToggle(props: {
  api: MeVaultApi
  policy: PolicyView
  onSaved: (policy: PolicyView) => void
  onError: (failure: unknown) => void
}) {
  // The box moves at once; the saved policy confirms it (or an error puts it back).
  const [pending, setPending] = useState<boolean | null>(null)

  async function change(refuse: boolean) {
    setPending(refuse)
    try {
      props.onSaved(await props.api['policy.setRefuseSoldIndividually']({ refuse }))
    } catch (failure) {
      props.onError(failure)
    } finally {
      setPending(null)
    }
  }

  return (
    <div className="radio">
      <input
        type="checkbox"
        id="refuse-sold-individually"
        checked={pending ?? props.policy.refuseSoldIndividually}
        disabled={pending !== null}
        onChange={(e) => void change(e.target.checked)}
      />
      <label htmlFor="refuse-sold-individually">
        <strong>Refuse requests that sell my data individually</strong>
        <span className="hint">A request that says it sells or shares your data with your name on it is refused whole, whatever it asks for.</span>
      </label>
    </div>
  )
}
