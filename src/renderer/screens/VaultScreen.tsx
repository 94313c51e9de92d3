import { useEffect, useState } from 'react'
import type { MeVaultApi } from '../../shared/api.js'
import type { FieldView, Tier } from '../../shared/types.js'
import { AddFieldForm } from '../components/AddFieldForm.js'
import { describeError } from '../components/describe-error.js'
import { FieldList } from '../components/FieldList.js'
import { TierOverview } from '../components/TierOverview.js'

export function VaultScreen({ api, onLocked }: { api: MeVaultApi; onLocked: () => void }) {
  const [all, setAll] = useState<FieldView[]>([])
  const [query, setQuery] = useState('')
  const [shown, setShown] = useState<FieldView[]>([])
  const [busyPath, setBusyPath] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)

  const [version, setVersion] = useState(0)

  // Each keystroke starts a new load; only the latest one may update the list.
  useEffect(() => {
    let latest = true
    const text = query.trim()
    void (async () => {
      try {
        const fields = await api['fields.list']()
        const matches = text === '' ? fields : await api['fields.search']({ text })
        if (!latest) return
        setAll(fields)
        setShown(matches)
        setError(null)
      } catch (failure) {
        if (latest) setError(describeError(failure))
      }
    })()
    return () => {
      latest = false
    }
  }, [api, query, version])

  async function changeTier(field: FieldView, tier: Tier) {
    setBusyPath(field.path)
    try {
      const updated = await api['fields.setTier']({ path: field.path, tier })
      const replace = (list: FieldView[]) => list.map((f) => (f.path === updated.path ? updated : f))
      setAll(replace)
      setShown(replace)
      setError(null)
    } catch (failure) {
      setError(describeError(failure))
    } finally {
      setBusyPath(null)
    }
  }

  async function lock() {
    try {
      await api['vault.lock']()
      onLocked()
    } catch (failure) {
      setError(describeError(failure))
    }
  }

  return (
    <div className="shell">
      <nav className="sidebar" aria-label="Sections">
        <div className="brand">MeVault</div>
        <span className="nav-item active" aria-current="page">
          Vault
        </span>
        <button type="button" className="lock" onClick={() => void lock()}>
          Lock
        </button>
      </nav>
      <main className="content" id="vault">
        <header className="content-header">
          <h1>Vault</h1>
          <TierOverview fields={all} />
        </header>
        <div className="search">
          <label htmlFor="search-fields">Search fields</label>
          <input
            id="search-fields"
            type="search"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            placeholder="Search labels and values"
          />
        </div>
        {error && <p role="alert" className="error">{error}</p>}
        <FieldList
          fields={shown}
          busyPath={busyPath}
          emptyText={
            query.trim() !== ''
              ? 'No field matches your search.'
              : 'Your vault is empty. Add your first field below: it starts private.'
          }
          onTierChange={(field, tier) => void changeTier(field, tier)}
        />
        <AddFieldForm api={api} onAdded={() => setVersion((v) => v + 1)} />
      </main>
    </div>
  )
}
