import type { MeVaultApi, VaultEvents } from '../shared/api.js'

declare global {
  interface Window {
    /** Present inside Electron (set by the preload); absent in a browser under `mevault serve`. */
    mevault?: MeVaultApi
    /** The vault's change events, inside Electron; under `mevault serve` they come from its event stream. */
    mevaultEvents?: VaultEvents
  }
}
