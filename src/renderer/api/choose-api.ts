import type { MeVaultApi } from '../../shared/api.js'
import { adoptBridge } from './bridge-api.js'
import { createHttpApi } from './http-api.js'

/** Electron gives us `window.mevault`; a browser under `mevault serve` talks HTTP to its own origin. */
export function chooseApi(bridge: MeVaultApi | undefined): MeVaultApi {
  return bridge ? adoptBridge(bridge) : createHttpApi()
}
