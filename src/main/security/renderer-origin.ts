/**
 * Where the renderer lives inside Electron: a privileged custom scheme rather than file://, so the
 * page has a real origin that IPC senders can be checked against and that no local file shares.
 */
export const RENDERER_SCHEME = 'mevault-app'
export const RENDERER_HOST = 'renderer'
export const RENDERER_ENTRY_URL = `${RENDERER_SCHEME}://${RENDERER_HOST}/index.html`

/** "scheme://host" of a URL, the part IPC senders are compared on; null if it does not parse. */
export function schemeAndHost(url: string | undefined | null): string | null {
  if (!url) return null
  try {
    const parsed = new URL(url)
    return `${parsed.protocol}//${parsed.host}`
  } catch {
    return null
  }
}
