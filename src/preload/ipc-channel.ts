import type { MethodName } from '../shared/api.js'

/** One IPC channel per API method; main registers exactly these, the preload calls exactly these. */
export function ipcChannel(method: MethodName): `mevault:${MethodName}` {
  return `mevault:${method}`
}
