import { useCallback, useEffect, useMemo, useState } from 'react'
import type { JoinResult, MeVaultApi, VaultEvents } from '../shared/api.js'
import type { RecoveryKit } from '../shared/types.js'
import { lockAware } from './api/lock-aware.js'
import { describeError } from './components/describe-error.js'
import { RestoreFromBackup } from './components/RestoreFromBackup.js'
import { CreateVaultScreen } from './screens/CreateVaultScreen.js'
import { JoinVaultScreen } from './screens/JoinVaultScreen.js'
import { RecoveryKitScreen } from './screens/RecoveryKitScreen.js'
import { UnlockScreen } from './screens/UnlockScreen.js'
import { MainScreen } from './screens/MainScreen.js'
import { useVaultChanges } from './lib/use-vault-changes.js'

type Screen =
  | { name: 'loading' }
  | { name: 'create' }
  | { name: 'join' }
  | { name: 'restore' }
  | { name: 'kit'; kit: RecoveryKit; note?: string }
  | { name: 'unlock' }
  | { name: 'vault' }
  | { name: 'failed'; message: string }

/** Picks the screen from the vault's state; the API object is all it knows of the outside. */
export function App({ api: given, events }: { api: MeVaultApi; events: VaultEvents }) {
  const [screen, setScreen] = useState<Screen>({ name: 'loading' })
  // Locked elsewhere (the service's idle lock, another window): back to the unlock screen.
  const api = useMemo(() => lockAware(given, () => setScreen({ name: 'unlock' })), [given])
  // Told at once, not at the next call: the open vault's screen does not stay up after a lock.
  useVaultChanges(events, ['lock'], () => setScreen((shown) => (shown.name === 'vault' ? { name: 'unlock' } : shown)))

  const refresh = useCallback(async () => {
    try {
      const state = await api['vault.state']()
      setScreen(!state.exists ? { name: 'create' } : state.unlocked ? { name: 'vault' } : { name: 'unlock' })
    } catch (error) {
      setScreen({ name: 'failed', message: describeError(error) })
    }
  }, [api])

  useEffect(() => {
    void refresh()
  }, [refresh])

  switch (screen.name) {
    case 'loading':
      return <main className="centered" aria-busy="true">Opening your vault…</main>
    case 'failed':
      return (
        <main className="centered">
          <p role="alert" className="error">{screen.message}</p>
          <button type="button" onClick={() => void refresh()}>Try again</button>
        </main>
      )
    case 'create':
      return (
        <CreateVaultScreen
          api={api}
          onCreated={(kit) => setScreen({ name: 'kit', kit })}
          onJoin={() => setScreen({ name: 'join' })}
          onRestore={() => setScreen({ name: 'restore' })}
        />
      )
    case 'join':
      return (
        <JoinVaultScreen
          api={api}
          onJoined={(joined) => setScreen({ name: 'kit', kit: joined.kit, note: describeJoin(joined) })}
          onBack={() => setScreen({ name: 'create' })}
        />
      )
    case 'restore':
      return <RestoreFromBackup api={api} onRestored={() => setScreen({ name: 'vault' })} onBack={() => setScreen({ name: 'create' })} />
    case 'kit':
      return <RecoveryKitScreen api={api} kit={screen.kit} note={screen.note} onSaved={() => void refresh()} />
    case 'unlock':
      return <UnlockScreen api={api} onUnlocked={() => setScreen({ name: 'vault' })} />
    case 'vault':
      return <MainScreen api={api} events={events} onLocked={() => setScreen({ name: 'unlock' })} />
  }
}

function describeJoin({ inviter, firstSync }: JoinResult): string {
  const sync = firstSync.done
    ? `First sync: ${firstSync.description}.`
    : `The first sync did not finish (${firstSync.reason}); sync again from Devices.`
  return `This computer joined your vault, invited by ${inviter.name}. ${sync}`
}
