import { useCallback, useEffect, useState } from 'react'
import type { MeVaultApi } from '../shared/api.js'
import type { RecoveryKit } from '../shared/types.js'
import { describeError } from './components/describe-error.js'
import { CreateVaultScreen } from './screens/CreateVaultScreen.js'
import { RecoveryKitScreen } from './screens/RecoveryKitScreen.js'
import { UnlockScreen } from './screens/UnlockScreen.js'
import { MainScreen } from './screens/MainScreen.js'

type Screen =
  | { name: 'loading' }
  | { name: 'create' }
  | { name: 'kit'; kit: RecoveryKit }
  | { name: 'unlock' }
  | { name: 'vault' }
  | { name: 'failed'; message: string }

/** Picks the screen from the vault's state; the API object is all it knows of the outside. */
export function App({ api }: { api: MeVaultApi }) {
  const [screen, setScreen] = useState<Screen>({ name: 'loading' })

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
      return <CreateVaultScreen api={api} onCreated={(kit) => setScreen({ name: 'kit', kit })} />
    case 'kit':
      return <RecoveryKitScreen kit={screen.kit} onSaved={() => void refresh()} />
    case 'unlock':
      return <UnlockScreen api={api} onUnlocked={() => setScreen({ name: 'vault' })} />
    case 'vault':
      return <MainScreen api={api} onLocked={() => setScreen({ name: 'unlock' })} />
  }
}
