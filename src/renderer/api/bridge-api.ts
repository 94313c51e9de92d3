/** The Electron preload's `window.mevault`, with failures turned back into MeVaultError. */
import { fromWireError, METHOD_NAMES, type MeVaultApi } from '../../shared/api.js'

export function adoptBridge(bridge: MeVaultApi): MeVaultApi {
  return Object.fromEntries(
    METHOD_NAMES.map((method) => {
      const call = bridge[method] as (input: unknown) => Promise<unknown>
      return [method, (input: unknown) => call(input).catch((error: unknown) => Promise.reject(fromWireError(error)))]
    })
  ) as MeVaultApi
}
