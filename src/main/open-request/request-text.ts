import { badInput } from '../../shared/errors.js'

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false })

/** Strict UTF-8 (a byte-order mark is dropped): a request that is not text is refused, not mangled. */
export function decodeRequestText(bytes: Uint8Array, source: string): string {
  try {
    return utf8.decode(bytes)
  } catch {
    throw badInput(`${source}: not UTF-8 text, so not a MeVault request`)
  }
}
