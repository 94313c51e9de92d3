/**
 * Whether a request text is an OpenID4VP one: an openid4vp:// (or haip-vp://) link, or a JSON
 * object of request parameters (a MeVault request is a JWS, or JSON with a `type`). Shared: the
 * core answers by it, and the CLI and the UI know a link to fetch by it.
 */
export function isOpenId4VpText(text: string): boolean {
  const trimmed = text.trimStart()
  if (/^(?:openid4vp|haip-vp):/i.test(trimmed)) return true
  if (!trimmed.startsWith('{')) return false
  try {
    const parsed = JSON.parse(trimmed) as unknown
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) && 'client_id' in parsed && !('type' in parsed)
  } catch {
    return false
  }
}
