import type { DeclaredUseView } from './types.js'

/**
 * What a request's declared use means, in the plain words the consent screen, the ledger and the
 * CLI all say. `tone` is how loudly: `ok` for data kept by the requester alone, `info` for named
 * third parties or aggregates, `warning` for data sold with the person's name on it, and `caution`
 * when the request does not say.
 */
export interface DeclaredUseText {
  text: string
  tone: 'ok' | 'info' | 'warning' | 'caution'
}

export function describeDeclaredUse(use: DeclaredUseView | undefined, requesterName: string): DeclaredUseText {
  switch (use?.sharing) {
    case 'requester-only':
      return { text: `Kept only by ${requesterName}`, tone: 'ok' }
    case 'named-third-parties':
      return { text: `Shared with: ${(use.thirdParties ?? []).join(', ')}`, tone: 'info' }
    case 'aggregate-only':
      return { text: 'Sold or shared only in aggregate', tone: 'info' }
    case 'sold-individually':
      return { text: 'Sold to others, with your name on it', tone: 'warning' }
    default:
      return { text: `${requesterName} does not say what happens to your data beyond this purpose`, tone: 'caution' }
  }
}
