import { useEffect, useMemo, useState, type RefObject } from 'react'
import type { MeVaultApi } from '../../shared/api.js'
import type { FieldView, Tier } from '../../shared/types.js'
import { AddFieldForm } from '../components/AddFieldForm.js'
import { describeError } from '../components/describe-error.js'
import { FieldDetails } from '../components/FieldDetails.js'
import { FieldRow } from '../components/FieldRow.js'
import { TierVenn } from '../components/TierVenn.js'
import { TIER_LABEL } from '../components/tiers.js'
import { VirtualList } from '../components/VirtualList.js'

const ROW_HEIGHT = 60

/** Records and fields: the tier picture, search and filter, a fast list, and details on the right. */
export function VaultScreen({ api, searchRef }: { api: MeVaultApi; searchRef: RefObject<HTMLInputElement | null> }) {
  const [all, setAll] = useState<FieldView[] | null>(null)
  const [matches, setMatches] = useState<FieldView[] | null>(null)
  const [query, setQuery] = useState('')
  const [filter, setFilter] = useState<Tier | null>(null)
  const [selected, setSelected] = useState<string | null>(null)
  const [adding, setAdding] = useState(false)
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
        const found = text === '' ? null : await api['fields.search']({ text })
        if (!latest) return
        setAll(fields)
        setMatches(found)
        setError(null)
      } catch (failure) {
        if (latest) setError(describeError(failure))
      }
    })()
    return () => {
      latest = false
    }
  }, [api, query, version])

  const counts = useMemo(() => {
    const tally: Record<Tier, number> = { private: 0, restricted: 0, public: 0 }
    for (const field of all ?? []) tally[field.tier] += 1
    return tally
  }, [all])
  const shown = useMemo(() => (matches ?? all ?? []).filter((f) => filter === null || f.tier === filter), [all, matches, filter])
  const current = all?.find((f) => f.path === selected) ?? null
  const empty = all !== null && all.length === 0

  async function changeTier(field: FieldView, tier: Tier) {
    setBusyPath(field.path)
    try {
      await api['fields.setTier']({ path: field.path, tier })
      setVersion((v) => v + 1)
      setError(null)
    } catch (failure) {
      setError(describeError(failure))
    } finally {
      setBusyPath(null)
    }
  }

  function open(field: FieldView) {
    setSelected(field.path)
    setAdding(false)
  }

  function emptyText(): string {
    if (query.trim() !== '') return 'No field matches your search.'
    if (filter) return `No ${TIER_LABEL[filter].toLowerCase()} fields. Choose the tier again to show them all.`
    return 'Your vault is empty. Add your first field with the form beside this list: your email, your name, your address… Each starts private, and you choose what may ever leave.'
  }

  return (
    <div className="panes">
      <section className="list-pane" aria-labelledby="vault-title">
        <header className="pane-header">
          <h1 id="vault-title">Vault</h1>
          <button type="button" className="primary compact" onClick={() => (setAdding(true), setSelected(null))}>
            New field
          </button>
        </header>
        <TierVenn counts={counts} filter={filter} onFilter={setFilter} />
        <div className="search">
          <label htmlFor="search-fields">Search fields</label>
          <input
            id="search-fields"
            ref={searchRef}
            type="search"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            placeholder="Names and values (Ctrl+F)"
            aria-keyshortcuts="Control+F Meta+F"
          />
        </div>
        {filter && (
          <p className="filter-note" role="status">
            Showing {TIER_LABEL[filter].toLowerCase()} fields only.{' '}
            <button type="button" className="link" onClick={() => setFilter(null)}>
              Show all
            </button>
          </p>
        )}
        {error && <p role="alert" className="error">{error}</p>}
        {all === null ? (
          <p className="empty" aria-busy="true">Opening your fields…</p>
        ) : shown.length === 0 ? (
          <div className="empty">
            <p>{emptyText()}</p>
          </div>
        ) : (
          <VirtualList
            items={shown}
            rowHeight={ROW_HEIGHT}
            label="Fields"
            keyOf={(f) => f.path}
            activeIndex={shown.findIndex((f) => f.path === selected)}
            onActivate={(index) => shown[index] && open(shown[index])}
            renderRow={(field) => (
              <FieldRow
                field={field}
                selected={field.path === selected}
                busy={busyPath === field.path}
                onOpen={() => open(field)}
                onTierChange={(tier) => void changeTier(field, tier)}
              />
            )}
          />
        )}
        {all !== null && all.length > 0 && (
          <p className="hint list-count">
            {shown.length} of {all.length} fields · ↑ ↓ to move, Enter to open
          </p>
        )}
      </section>

      <div className="details-pane">
        {adding || empty ? (
          <AddFieldForm
            key={version}
            api={api}
            defaultRecord={current?.record ?? ''}
            onAdded={(field) => {
              setVersion((v) => v + 1)
              setSelected(field.path)
              setAdding(false)
            }}
            onCancel={empty ? undefined : () => setAdding(false)}
          />
        ) : current ? (
          <FieldDetails
            api={api}
            field={current}
            busy={busyPath === current.path}
            onTierChange={(tier) => void changeTier(current, tier)}
            onChanged={(field) => {
              setVersion((v) => v + 1)
              setSelected(field?.path ?? null)
            }}
          />
        ) : (
          <div className="details placeholder">
            <h2>Pick a field</h2>
            <p className="lead">
              Its value, tier and history show here. Change a tier with the three buttons on each line: the closed lock keeps
              a field private, the half-open lock asks you first, the globe lets your policy share it.
            </p>
          </div>
        )}
      </div>
    </div>
  )
}
