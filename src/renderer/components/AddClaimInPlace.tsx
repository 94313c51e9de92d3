import { useRef, useState, type FormEvent, type ReactNode } from 'react'
import type { MeVaultApi } from '../../shared/api.js'
import type { ClaimDefinition } from '../../shared/claims.js'
import { isMeVaultError } from '../../shared/errors.js'
import { useEscapeToClose } from '../lib/use-escape-to-close.js'
import { describeError } from './describe-error.js'
import { ValueInput } from './ValueInput.js'

/**
 * For a claim the request asks for and the vault lacks: add it right on the consent screen. The
 * new field takes the catalogue's type, tier and place, and carries the claim, so the line becomes
 * held (and can then be shared). A field already at that place is never overwritten: the next free
 * name is used.
 */
export function AddClaimInPlace(props: { api: MeVaultApi; claim: ClaimDefinition; onAdded: () => void }) {
  const { api, claim } = props
  const [open, setOpen] = useState(false)
  const [value, setValue] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const id = `add-claim-${claim.name.replace(/\W/g, '-')}`
  const addButton = useRef<HTMLButtonElement>(null)

  async function add(event: FormEvent) {
    event.preventDefault()
    if (value.trim() === '') return setError(`Type your ${claim.label.toLowerCase()} first.`)
    setBusy(true)
    setError(null)
    try {
      const path = await freePath(api, claim.path)
      await api['fields.set']({ path, value, type: claim.type, tier: claim.tier, claim: claim.name })
      props.onAdded()
    } catch (failure) {
      setError(describeError(failure))
    } finally {
      setBusy(false)
    }
  }

  if (!open) {
    return (
      <button type="button" ref={addButton} onClick={() => setOpen(true)} aria-label={`Add ${claim.label} to your vault`}>
        Add
      </button>
    )
  }
  return (
    <ClosableForm label={`Add ${claim.label}`} onSubmit={(e) => void add(e)} onCancel={() => setOpen(false)} returnFocusTo={() => addButton.current}>
      <ValueInput id={id} label={`Your ${claim.label.toLowerCase()}`} type={claim.type} value={value} onChange={setValue} />
      <div className="row">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Adding…' : 'Add to vault'}
        </button>
        <button type="button" disabled={busy} onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
      {error && <p role="alert" className="error">{error}</p>}
    </ClosableForm>
  )
}

/** The small form in the line: it takes the focus as it opens; Escape is Cancel, and the focus goes back to Add. */
function ClosableForm(props: {
  label: string
  onSubmit: (event: FormEvent) => void
  onCancel: () => void
  returnFocusTo: () => HTMLElement | null
  children: ReactNode
}) {
  const closing = useEscapeToClose<HTMLFormElement>(props.onCancel, { returnFocusTo: props.returnFocusTo })
  return (
    <form className="add-claim" onSubmit={props.onSubmit} aria-label={props.label} {...closing}>
      {props.children}
    </form>
  )
}

/** The catalogue's place for the claim, or identity.birthdate_2, _3… when a field is already there. */
async function freePath(api: MeVaultApi, path: string): Promise<string> {
  for (let n = 1; n <= 20; n++) {
    const candidate = n === 1 ? path : `${path}_${n}`
    try {
      await api['fields.get']({ path: candidate })
    } catch (failure) {
      if (isMeVaultError(failure, 'NOT_FOUND')) return candidate
      throw failure
    }
  }
  throw new Error(`Too many fields named like ${path}: add it from the Vault screen`)
}
