import { METHOD_NAMES, type MeVaultApi } from '../../shared/api.js'
import { isMeVaultError } from '../../shared/errors.js'

/**
 * The API, calling `onLocked` whenever a call finds the vault locked behind the page's back (the
 * service's own idle lock, or another window), so the app can show the unlock screen.
 */
export function lockAware(api: MeVaultApi, onLocked: () => void): MeVaultApi {
  return Object.fromEntries(
    METHOD_NAMES.map((name) => {
      const call = api[name] as (input: unknown) => Promise<unknown>
      return [
        name,
        (input: unknown) =>
          call.call(api, input).catch((error: unknown) => {
            if (isMeVaultError(error, 'LOCKED')) onLocked()
            throw error
          })
      ]
    })
  ) as unknown as MeVaultApi
}
