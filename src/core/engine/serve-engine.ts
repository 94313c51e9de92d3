import { invokeMethod, fromWireError, type WireResult } from '../../shared/api.js'
import { MeVaultError } from '../../shared/errors.js'
import { loadSodium } from '../crypto/sodium.js'
import { createVaultService } from '../service/index.js'
import type { SecretKeyStore } from '../vault/secret-key-store.js'
import type { HostLine, ToEngine } from './protocol.js'

/**
 * The engine's main loop, the same in a worker thread and in an Electron utility process: opens the
 * vault service on the host's `open` message, answers each call, and passes change events on.
 */
export function serveEngine(line: HostLine): void {
  let nextKeyRequest = 1
  const keyRequests = new Map<number, (result: WireResult) => void>()
  const askHost = (send: (id: number) => void): Promise<unknown> =>
    new Promise((resolve, reject) => {
      const id = nextKeyRequest++
      keyRequests.set(id, (result) => (result.ok ? resolve(result.value) : reject(fromWireError(result.error))))
      send(id)
    })
  // The device's secret key lives with the host (an OS keychain under Electron): asked for when needed.
  const secretKeys: SecretKeyStore = {
    read: async (vaultId) => {
      const key = await askHost((id) => line.post({ type: 'key-read', id, vaultId }))
      if (!(key instanceof Uint8Array)) throw new MeVaultError('WRONG_CREDENTIALS', 'This device has no secret key for the vault')
      return key
    },
    write: async (vaultId, secretKey, options) => {
      await askHost((id) => line.post({ type: 'key-write', id, vaultId, secretKey, overwrite: options?.overwrite ?? false }))
    }
  }
  let service: ReturnType<typeof createVaultService> | undefined

  line.onMessage((message: ToEngine) => {
    switch (message.type) {
      case 'open':
        // libsodium's WebAssembly made ready now, not when the person presses Unlock.
        loadSodium().catch(() => undefined)
        service ??= createVaultService(
          { vaultDir: message.vaultDir, keyFileFor: () => 'unused: the host keeps the secret keys' },
          { secretKeys, nativeBinding: message.nativeBinding, onChange: (change) => line.post({ type: 'change', change }) }
        )
        return
      case 'call': {
        const { id, method, input } = message
        const answer = service
          ? invokeMethod(service, method, input)
          : Promise.resolve<WireResult>({ ok: false, error: { code: 'INTERNAL', message: 'The vault engine was not opened' } })
        void answer.then((result) => line.post({ type: 'reply', id, result }))
        return
      }
      case 'key-reply':
        keyRequests.get(message.id)?.(message.result)
        keyRequests.delete(message.id)
        return
    }
  })
}
