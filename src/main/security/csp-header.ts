/** Response headers with our CSP in force: any CSP a response brought (in any letter case) is replaced. */
export function withContentSecurityPolicy(
  headers: Record<string, string[]> | undefined,
  policy: string
): Record<string, string[]> {
  const result: Record<string, string[]> = {}
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() !== 'content-security-policy') result[name] = value
  }
  result['Content-Security-Policy'] = [policy]
  return result
}
