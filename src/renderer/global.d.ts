import type { MeVaultApi } from '../shared/api.js'

declare global {
  interface Window {
    /** Present inside Electron (set by the preload); absent in a browser under `mevault serve`. */
    mevault?: MeVaultApi
  }
}
