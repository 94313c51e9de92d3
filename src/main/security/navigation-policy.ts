/**
 * The window never navigates and never opens windows. A web link (http or https) is handed to the
 * system browser; every other scheme (file:, javascript:, custom protocols…) is dropped.
 */
export function externalLinkToOpen(url: string): string | null {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return null
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null
  // user:pass@ links are a classic way to disguise where a link goes.
  if (parsed.username !== '' || parsed.password !== '') return null
  return parsed.href
}

export const WINDOW_OPEN_DECISION = Object.freeze({ action: 'deny' as const })

/** No web permission (camera, notifications, clipboard-read, geolocation…) is ever granted. */
export function allowPermission(_permission: string): boolean {
  return false
}
