/** The typed API over `mevault serve`'s loopback HTTP: same object shape as the Electron bridge. */
import { fromWireError, METHOD_NAMES, type MeVaultApi, type MethodName, type WireResult } from '../../shared/api.js'

export type Fetch = (url: string, init: RequestInit) => Promise<Response>

/**
 * `appUrl` is the app's address, ending in "/". The default, "./", is the page's own folder: the
 * server keeps the app and its API under a random path per run (see src/server/access-control.ts).
 */
export function createHttpApi(fetchImpl: Fetch = (url, init) => fetch(url, init), appUrl = './'): MeVaultApi {
  async function call(method: MethodName, input: unknown): Promise<unknown> {
    const response = await fetchImpl(`${appUrl}api/${method}`, {
      method: 'POST',
      // The session travels in the HttpOnly cookie set when the printed URL was opened.
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json' },
      body: input === undefined ? '' : JSON.stringify(input)
    })
    let result: WireResult
    try {
      result = (await response.json()) as WireResult
    } catch {
      throw new Error(`MeVault did not answer properly (HTTP ${response.status}); is \`mevault serve\` still running?`)
    }
    if (result.ok) return result.value
    throw fromWireError(result.error)
  }
  return Object.fromEntries(METHOD_NAMES.map((method) => [method, (input: unknown) => call(method, input)])) as MeVaultApi
}
