import { useCallback, useEffect, useRef, useState } from 'react'
import type { MeVaultApi, VaultEvents } from '../../shared/api.js'
import { describeError } from '../components/describe-error.js'
import { useAutoLock } from '../lib/auto-lock.js'
import { clearCopiedNow } from '../lib/copy-value.js'
import { requestAsFile, useShellEvents } from '../lib/shell-events.js'
import { useInbox } from '../lib/use-inbox.js'
import { DevicesScreen } from './DevicesScreen.js'
import { LedgerScreen } from './LedgerScreen.js'
import { RequestsScreen } from './RequestsScreen.js'
import { SettingsScreen } from './SettingsScreen.js'
import { VaultScreen } from './VaultScreen.js'

const SECTIONS = ['Vault', 'Requests', 'Ledger', 'Devices', 'Settings'] as const
type Section = (typeof SECTIONS)[number]

/** The unlocked app: a sidebar of sections, each a list in the middle and details on the right. */
export function MainScreen({ api, events, onLocked }: { api: MeVaultApi; events: VaultEvents; onLocked: () => void }) {
  const [section, setSection] = useState<Section>('Vault')
  const [error, setError] = useState<string | null>(null)
  const searchRef = useRef<HTMLInputElement | null>(null)
  const inbox = useInbox(api)
  const { importFiles } = inbox

  async function lock() {
    try {
      await api['vault.lock']()
      onLocked()
    } catch (failure) {
      setError(describeError(failure))
    }
  }
  // This screen goes only when the vault locks, whoever locked it (here, auto-lock, another window
  // or the engine's own idle lock): a value copied from it goes off the clipboard then, not later.
  useEffect(() => clearCopiedNow, [])
  const lockRef = useRef(lock)
  lockRef.current = lock
  useAutoLock(useCallback(() => void lockRef.current(), []))

  const find = useCallback(() => {
    setSection('Vault')
    requestAnimationFrame(() => searchRef.current?.focus())
  }, [])

  // The desktop app's menu (Lock, Find, File > Open request…, mevault:// links) arrives here.
  useShellEvents({
    lock: () => void lockRef.current(),
    find,
    openRequest: (request) => {
      setSection('Requests')
      // A link that points to a request is put before the person, not fetched on its own.
      if (request.link) inbox.offerLink(request.link)
      else void importFiles([requestAsFile(request)])
    }
  })

  // Ctrl/Cmd+F finds a field, Ctrl/Cmd+L locks; a request file dropped anywhere opens in Requests.
  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      if (!(event.ctrlKey || event.metaKey) || event.altKey) return
      const key = event.key.toLowerCase()
      if (key === 'f') {
        event.preventDefault()
        find()
      } else if (key === 'l') {
        event.preventDefault()
        void lockRef.current()
      }
    }
    const onDragOver = (event: DragEvent) => event.preventDefault()
    function onDrop(event: DragEvent) {
      event.preventDefault()
      const files = event.dataTransfer?.files
      if (files && files.length > 0) {
        setSection('Requests')
        void importFiles(files)
      }
    }
    window.addEventListener('keydown', onKey)
    window.addEventListener('dragover', onDragOver)
    window.addEventListener('drop', onDrop)
    return () => {
      window.removeEventListener('keydown', onKey)
      window.removeEventListener('dragover', onDragOver)
      window.removeEventListener('drop', onDrop)
    }
  }, [importFiles, find])

  const pending = inbox.items.filter((item) => !item.answer).length

  return (
    <div className="shell">
      <nav className="sidebar" aria-label="Sections">
        <div className="brand">MeVault</div>
        {SECTIONS.map((name) => (
          <button
            key={name}
            type="button"
            className={`nav-item${section === name ? ' active' : ''}`}
            aria-current={section === name ? 'page' : undefined}
            onClick={() => setSection(name)}
          >
            {name}
            {name === 'Requests' && pending > 0 && (
              <span className="nav-count" aria-label={`${pending} waiting`}>
                {pending}
              </span>
            )}
          </button>
        ))}
        {error && <p role="alert" className="error">{error}</p>}
        <button type="button" className="lock" onClick={() => void lock()} aria-keyshortcuts="Control+L Meta+L" title="Lock (Ctrl+L)">
          Lock
        </button>
      </nav>
      <main className="content" id={section.toLowerCase()}>
        {section === 'Vault' && <VaultScreen api={api} events={events} searchRef={searchRef} />}
        {section === 'Requests' && <RequestsScreen api={api} inbox={inbox} />}
        {section === 'Ledger' && <LedgerScreen api={api} />}
        {section === 'Devices' && <DevicesScreen api={api} events={events} />}
        {section === 'Settings' && <SettingsScreen api={api} />}
      </main>
    </div>
  )
}
