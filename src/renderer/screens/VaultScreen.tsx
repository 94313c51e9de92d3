import { useCallback, useEffect, useRef, useState, type RefObject } from 'react'
import type { MeVaultApi, VaultEvents } from '../../shared/api.js'
import type { FieldView, Tier } from '../../shared/types.js'
import { AddFieldForm } from '../components/AddFieldForm.js'
import { BackToList } from '../components/BackToList.js'
import { ConfirmTierChange } from '../components/ConfirmTierChange.js'
import { ExportPanel } from '../components/ExportPanel.js'
import { ImportPanel } from '../components/ImportPanel.js'
import { describeError } from '../components/describe-error.js'
import { FieldDetails } from '../components/FieldDetails.js'
import { FieldRow } from '../components/FieldRow.js'
import { RecordHeaderRow, StickyRecordHeader } from '../components/RecordHeaderRow.js'
import { TierVenn } from '../components/TierVenn.js'
import { TrashPanel } from '../components/TrashPanel.js'
import { UndoToast } from '../components/UndoToast.js'
import { TIER_LABEL } from '../components/tiers.js'
import { VirtualList } from '../components/VirtualList.js'
import { fieldsInVault, indexOfPath, itemAt, rowAt, type FieldListing, type ListItem } from '../lib/field-listing.js'
import { escapeGoesBack, focusRestoredRow, focusWhenShown, onePaneNow, useFocusDetailsInFront } from '../lib/one-pane.js'
import { recordDisplayName, recordTitle } from '../lib/readable-names.js'
import { isLessPrivate } from '../lib/tier-order.js'
import { useFieldListing } from '../lib/use-field-listing.js'
import { useVaultChanges } from '../lib/use-vault-changes.js'
import { useRevealed } from '../lib/use-revealed.js'

const ROW_HEIGHT = 60
/** About the height of the record's name kept over the top of the list (styles.css, .record-header.sticky). */
const STICKY_HEADER_HEIGHT = 32
const NO_COUNTS: Record<Tier, number> = { private: 0, restricted: 0, public: 0 }

const sameField = (a: FieldView, b: FieldView): boolean =>
  a.path === b.path && a.value === b.value && a.tier === b.tier && a.type === b.type && a.updatedAt === b.updatedAt && a.recordName === b.recordName

/**
 * Records and fields: the tier picture, search and filter, a fast list, and details on the right.
 * The list holds only the rows it shows: the engine searches, filters and counts (fields.page).
 */
export function VaultScreen({
  api,
  events,
  searchRef
}: {
  api: MeVaultApi
  events: VaultEvents
  searchRef: RefObject<HTMLInputElement | null>
}) {
  const [query, setQuery] = useState('')
  const [filter, setFilter] = useState<Tier | null>(null)
  const [selected, setSelected] = useState<FieldView | null>(null)
  /** A row the keyboard moved to before it was fetched: opened when it arrives. */
  const [movingTo, setMovingTo] = useState<number | null>(null)
  const [adding, setAdding] = useState(false)
  const [inTrash, setInTrash] = useState(false)
  /** A change to a less private tier, waiting for the person's yes. */
  const [confirming, setConfirming] = useState<{ field: FieldView; tier: Exclude<Tier, 'private'> } | null>(null)
  /** What just changed, with its Undo for a while. */
  const [toast, setToast] = useState<{ message: string; onUndo?: () => void; takeFocus?: boolean } | null>(null)
  const dismissToast = useCallback(() => setToast(null), [])
  // The Import or Export panel in the details pane (issue 14).
  const [panel, setPanel] = useState<'import' | 'export' | null>(null)
  const [busyPath, setBusyPath] = useState<string | null>(null)
  /** Private fields the person revealed (by path), until the vault locks: the others show dots. */
  const [revealed, toggleReveal] = useRevealed()
  const note = useCallback((message: string) => setToast({ message }), [])
  const [error, setError] = useState<string | null>(null)
  // Bumped by every change to the fields, made here or elsewhere (another window, the CLI, a sync):
  // the list is asked again, where it is, and the open field follows the list's copy.
  const [version, setVersion] = useState(0)
  useVaultChanges(events, ['fields'], () => setVersion((v) => v + 1))
  const { listing, error: listError, show, ask } = useFieldListing(api, query, filter, version)
  // Below the one-pane width (lib/one-pane.ts): what the person opened takes the list's place until
  // "Back to the list". Arrow keys in the list still only select, so the list can be walked.
  const [detailsAsked, setDetailsAsked] = useState(false)
  const opener = useRef<HTMLElement | null>(null)
  const detailsPane = useRef<HTMLDivElement>(null)

  useEffect(() => {
    if (!listing) return
    const arrived = movingTo === null ? undefined : itemAt(listing, movingTo)
    if (arrived?.kind === 'record' && movingTo !== null) {
      // The keyboard went to a record's header (Page Down to rows not fetched): its first field.
      const following = rowAt(listing, movingTo + 1)
      if (following) open(following)
      else if (movingTo + 1 < listing.rows) setMovingTo(movingTo + 1)
      return
    }
    if (arrived?.kind === 'field') {
      setMovingTo(null)
      open(arrived.field)
      return
    }
    // The list's copy is the newer one (a change made here, then read back).
    const at = selected ? indexOfPath(listing, selected.path) : -1
    const current = at >= 0 ? rowAt(listing, at) : undefined
    if (current && selected && !sameField(current, selected)) setSelected(current)
    // Only a new answer is news; `selected` and `movingTo` are read as they are then.
  }, [listing])

  const empty = listing !== null && fieldsInVault(listing) === 0
  // An empty vault shows the add form by itself; it is kept open as if New field had been pressed, so a
  // field arriving meanwhile (another window, the CLI, a sync) does not take away what is being typed.
  // In one pane the list would then take the form's place: the form is put in front of it instead.
  const wasEmpty = useRef(false)
  useEffect(() => {
    if (empty) setAdding(true)
    else if (wasEmpty.current && adding && onePaneNow()) setDetailsAsked(true)
    wasEmpty.current = empty
    // Only the vault turning empty or not is news here; `adding` is read as it is then.
  }, [empty])
  const detailsOpen = inTrash || panel !== null || adding || selected !== null
  const detailsInFront = detailsAsked && detailsOpen
  useFocusDetailsInFront(detailsInFront, detailsPane)
  // Closed from inside (Cancel, Close, Delete): the list is back, with the focus where the person was
  // (not on the page's body), and a later arrow key only selects.
  useEffect(() => {
    if (detailsOpen || !detailsAsked) return
    setDetailsAsked(false)
    if (!onePaneNow()) return
    const from = opener.current
    focusWhenShown(() => (document.activeElement === document.body ? (from?.isConnected ? from : searchRef.current) : null))
  }, [detailsOpen])

  /** What the person opened goes in front of the list (one pane); Back returns to where they opened it from. */
  function inFront() {
    opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null
    setDetailsAsked(true)
  }

  /** `path`: the row to go back to, when it is not the one open (a field just added). */
  function backToList(path = selected?.path) {
    setDetailsAsked(false)
    if (!onePaneNow()) return
    const from = opener.current
    focusWhenShown(() =>
      (path ? document.querySelector<HTMLElement>(`.list-pane [data-path="${CSS.escape(path)}"] .row-main`) : null) ??
      (from?.isConnected ? from : searchRef.current)
    )
  }
  const activeIndex = movingTo ?? (listing && selected ? indexOfPath(listing, selected.path) : -1)

  /** Less private asks first; any tier change can be undone from the toast. */
  function askTier(field: FieldView, tier: Tier) {
    if (tier !== 'private' && isLessPrivate(field.tier, tier)) setConfirming({ field, tier })
    else void changeTier(field, tier)
  }

  async function changeTier(field: FieldView, tier: Tier, undoing = false) {
    setBusyPath(field.path)
    try {
      const changed = await api['fields.setTier']({ path: field.path, tier })
      setSelected((open) => (open?.path === changed.path ? changed : open))
      setVersion((v) => v + 1)
      setError(null)
      const now = `${changed.path} is ${undoing ? 'again' : 'now'} ${TIER_LABEL[tier].toLowerCase()}.`
      setToast(undoing ? { message: now } : { message: now, onUndo: () => void changeTier(changed, field.tier, true) })
    } catch (failure) {
      setError(describeError(failure))
    } finally {
      setBusyPath(null)
    }
  }

  function open(field: FieldView) {
    setSelected(field)
    setMovingTo(null)
    setAdding(false)
    setInTrash(false)
    setPanel(null)
  }

  /** Names a record (or with '' gives it back its key as its name); the toast offers the old name back. */
  async function renameRecord(record: string, name: string, previous: string | undefined, undoing = false): Promise<boolean> {
    try {
      const now = await api['records.rename']({ record, name })
      setVersion((v) => v + 1)
      setError(null)
      const shown = now.name ?? recordTitle(record)
      // The old name is in the message, and Undo gives it back.
      const message = `${recordDisplayName(record, previous)} is ${undoing ? 'again' : 'now'} named ${shown}.`
      setToast(undoing ? { message } : { message, onUndo: () => void renameRecord(record, previous ?? '', now.name, true) })
      return true
    } catch (failure) {
      setError(describeError(failure))
      return false
    }
  }

  /** Brings a field just deleted back as it was (its last version with a value). */
  async function undoDelete(path: string) {
    try {
      const last = (await api['fields.history']({ path })).findLast((v) => v.value !== null)
      const restored = last && (await api['fields.restore']({ path, version: last.version }))
      if (!restored) return
      open(restored)
      setVersion((v) => v + 1)
      setToast({ message: `${path} is back.` })
      // The Undo pressed is gone with its toast: the keyboard goes on from the field's row.
      focusRestoredRow(path, detailsPane)
    } catch (failure) {
      setError(describeError(failure))
    }
  }

  /** Opens a field by its path (one the list may not be showing), e.g. the one an Add ran into. */
  async function openPath(path: string) {
    try {
      open(await api['fields.get']({ path }))
    } catch (failure) {
      setError(describeError(failure))
    }
  }

  /** Another search or tier is another list: a row the keyboard was moving to in the last one is forgotten. */
  function search(text: string) {
    // The engine is asked before React renders the keystroke: the reply is on its way sooner.
    ask({ query: text, tier: filter, version })
    setQuery(text)
    setMovingTo(null)
  }

  function changeFilter(tier: Tier | null) {
    setFilter(tier)
    setMovingTo(null)
  }

  function activate(index: number) {
    const row = listing && rowAt(listing, index)
    if (row) open(row)
    else setMovingTo(index)
  }

  return (
    <div className={`panes${detailsInFront ? ' details-in-front' : empty ? ' details-below' : ''}`}>
      <section className="list-pane" aria-labelledby="vault-title">
        <header className="pane-header">
          <h1 id="vault-title">Vault</h1>
          <div className="row">
            <button type="button" className="compact" onClick={() => (inFront(), setInTrash(true), setAdding(false), setSelected(null), setPanel(null))}>
              Trash
            </button>
            <button type="button" className="compact" onClick={() => (inFront(), setPanel('import'), setInTrash(false))}>
              Import
            </button>
            <button type="button" className="compact" onClick={() => (inFront(), setPanel('export'), setInTrash(false))}>
              Export
            </button>
            <button type="button" className="primary compact" onClick={() => (inFront(), setAdding(true), setInTrash(false), setSelected(null), setPanel(null))}>
              New field
            </button>
          </div>
        </header>
        <TierVenn counts={listing?.tiers ?? NO_COUNTS} filter={filter} onFilter={changeFilter} />
        <div className="search">
          <label htmlFor="search-fields">Search fields</label>
          <input
            id="search-fields"
            ref={searchRef}
            type="search"
            value={query}
            onChange={(e) => search(e.target.value)}
            placeholder="Names and values (Ctrl+F)"
            aria-keyshortcuts="Control+F Meta+F"
          />
        </div>
        {filter && (
          <p className="filter-note" role="status">
            Showing {TIER_LABEL[filter].toLowerCase()} fields only.{' '}
            <button type="button" className="link" onClick={() => changeFilter(null)}>
              Show all
            </button>
          </p>
        )}
        {(error ?? listError) !== null && <p role="alert" className="error">{error ?? describeError(listError)}</p>}
        {listing !== null && listing.damaged.length > 0 && (
          <p role="alert" className="error">
            {listing.damaged.length === 1 ? 'A record could not be read, so its fields are' : `${listing.damaged.length} records could not be read, so their fields are`}{' '}
            not shown: {listing.damaged.map((d) => d.message).join(' ')}
          </p>
        )}
        {listing === null ? (
          <p className="empty" aria-busy="true">Opening your fields…</p>
        ) : listing.total === 0 ? (
          <div className="empty">
            <p>{emptyText(listing)}</p>
          </div>
        ) : (
          <VirtualList<ListItem>
            count={listing.rows}
            itemAt={(index) => itemAt(listing, index)}
            rowHeight={ROW_HEIGHT}
            label="Fields"
            keyOf={(item) => (item.kind === 'record' ? `record:${item.header.record}` : item.field.path)}
            isSelectable={(item) => item.kind === 'field'}
            activeIndex={activeIndex}
            onActivate={activate}
            onRangeChange={show}
            scrollResetKey={listing.scope}
            topInset={STICKY_HEADER_HEIGHT}
            overlay={(top) => {
              // Over a field at the top, its record's name; a header at the top says it itself.
              const item = itemAt(listing, top)
              return item?.kind === 'field' ? <StickyRecordHeader record={item.field.record} name={item.field.recordName} /> : null
            }}
            renderRow={(item, _index, tabbable) =>
              item.kind === 'record' ? (
                <RecordHeaderRow header={item.header} onRename={(record, name, previous) => renameRecord(record, name, previous)} />
              ) : (
                <FieldRow
                  field={item.field}
                  selected={item.field.path === selected?.path}
                  busy={busyPath === item.field.path}
                  tabbable={tabbable}
                  revealed={revealed.has(item.field.path)}
                  onOpen={() => (inFront(), open(item.field))}
                  onReveal={() => toggleReveal(item.field.path)}
                  onNote={note}
                  onTierChange={(tier) => askTier(item.field, tier)}
                />
              )
            }
          />
        )}
        {listing !== null && fieldsInVault(listing) > 0 && (
          <p className="hint list-count">
            {listing.total} of {fieldsInVault(listing)} fields · ↑ ↓ to move, Enter to open, Ctrl+C to copy, Alt+R to reveal
          </p>
        )}
        {listing !== null && listing.pending > 0 && (
          <p className="hint" role="status">
            {listing.pending === 1 ? '1 record is' : `${listing.pending} records are`} still arriving from your other device; what
            arrived is shown.
          </p>
        )}
      </section>

      <div className="details-pane" ref={detailsPane} tabIndex={-1} onKeyDown={escapeGoesBack(detailsInFront, () => backToList())}>
        {detailsInFront && <BackToList onBack={() => backToList()} />}
        {inTrash ? (
          <TrashPanel
            api={api}
            version={version}
            onClose={() => setInTrash(false)}
            onRestored={(field) => {
              open(field)
              setVersion((v) => v + 1)
              setToast({ message: `${field.path} is back.` })
              focusRestoredRow(field.path, detailsPane)
            }}
          />
        ) : panel === 'import' ? (
          <ImportPanel api={api} onImported={() => setVersion((v) => v + 1)} onClose={() => setPanel(null)} />
        ) : panel === 'export' ? (
          <ExportPanel api={api} onClose={() => setPanel(null)} />
        ) : adding || empty ? (
          // No key on the vault's version: a change made elsewhere refreshes the list, not this form.
          <AddFieldForm
            api={api}
            defaultRecord={selected?.record ?? ''}
            onAdded={(field, note) => {
              setVersion((v) => v + 1)
              setSelected(field)
              setAdding(false)
              // In one pane, the list shows the new row (selected, focused), as beside it.
              backToList(field.path)
              if (note) setToast({ message: note })
            }}
            onCancel={empty ? undefined : () => setAdding(false)}
            onOpenExisting={(path) => void openPath(path)}
          />
        ) : selected ? (
          <FieldDetails
            api={api}
            field={selected}
            revealed={revealed.has(selected.path)}
            onReveal={() => toggleReveal(selected.path)}
            onNote={note}
            busy={busyPath === selected.path}
            onTierChange={(tier) => askTier(selected, tier)}
            onRenameRecord={(record, name, previous) => renameRecord(record, name, previous)}
            // The details and their Delete button go: the focus goes to Undo, not to the page's body.
            onDeleted={(path) => setToast({ message: `Deleted ${path}. It is in the Trash.`, onUndo: () => void undoDelete(path), takeFocus: true })}
            onChanged={(field) => {
              setVersion((v) => v + 1)
              setSelected(field)
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
      {confirming && (
        <ConfirmTierChange
          path={confirming.field.path}
          from={confirming.field.tier}
          to={confirming.tier}
          onCancel={() => setConfirming(null)}
          onConfirm={() => (setConfirming(null), void changeTier(confirming.field, confirming.tier))}
        />
      )}
      {toast && <UndoToast message={toast.message} onUndo={toast.onUndo} onDismiss={dismissToast} takeFocus={toast.takeFocus} />}
    </div>
  )
}

/** Says why the list is empty, for the question it answers (not the one still being asked). */
function emptyText({ question }: FieldListing): string {
  if (question.query.trim() !== '') return 'No field matches your search.'
  if (question.tier) return `No ${TIER_LABEL[question.tier].toLowerCase()} fields. Choose the tier again to show them all.`
  return 'Your vault is empty. Add your first field with the form beside this list: your email, your name, your address… Each starts private, and you choose what may ever leave.'
}
