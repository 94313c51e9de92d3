import type { RequestPreview } from '../shared/api.js'
import { escapeForTerminal, shown } from './terminal-text.js'

/**
 * `request show`'s lines about who is asking. "Verified" only when the requester's domain vouches
 * for the key that signed the request, and then it names the domain; otherwise the name is what
 * the requester claims, said plainly. Warnings come first in capitals: they are what must not be missed.
 */
export function requesterIdentityLines(requester: RequestPreview['requester']): string[] {
  const lines = requester.warnings.map((warning) => `  WARNING: ${escapeForTerminal(warning.message)}`)
  if (requester.verified) {
    lines.push(shown`  Verified: ${requester.verified.domain} (${requester.verified.method})`)
  } else {
    const why = requester.check.state === 'could-not-check' ? 'could not check' : 'not verified'
    const reason = requester.check.reason ? `: ${escapeForTerminal(requester.check.reason)}` : ''
    lines.push(shown`  Claims to be ${requester.name}` + ` (${why}${reason})`)
  }
  return lines
}
