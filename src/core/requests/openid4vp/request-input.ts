import { badInput } from '../../../shared/errors.js'
import { parseJsonObject } from '../../crypto/jws.js'

/**
 * The three ways an OpenID4VP authorization request reaches MeVault, reduced to one thing: its
 * parameters as given (still unchecked). An `openid4vp://` link carries them in its query; a file
 * holds either such a link or the parameters as a JSON object. In a link every value is a string,
 * so the JSON-valued ones (`dcql_query`, `client_metadata`) are decoded from it here.
 */
export type RawParameters = Record<string, unknown>

export const MAX_REQUEST_TEXT_BYTES = 256 * 1024
const JSON_VALUED = ['dcql_query', 'client_metadata', 'transaction_data', 'presentation_definition'] as const
const LINK_SCHEMES = ['openid4vp:', 'haip-vp:'] as const

export function parametersFromText(text: string): RawParameters {
  if (Buffer.byteLength(text, 'utf8') > MAX_REQUEST_TEXT_BYTES) throw badInput(`the request is larger than ${MAX_REQUEST_TEXT_BYTES} bytes`)
  const trimmed = text.trim()
  if (trimmed.startsWith('{')) return parseJsonObject(new TextEncoder().encode(trimmed), 'the OpenID4VP request parameters')
  const scheme = LINK_SCHEMES.find((candidate) => trimmed.toLowerCase().startsWith(candidate))
  if (!scheme) {
    throw badInput('not an OpenID4VP request: expected an openid4vp:// link, or a JSON object of request parameters')
  }
  const query = trimmed.includes('?') ? trimmed.slice(trimmed.indexOf('?') + 1) : ''
  const parameters: RawParameters = {}
  for (const [name, value] of new URLSearchParams(query)) {
    if (name in parameters) throw badInput(`the link gives the parameter ${JSON.stringify(name.slice(0, 40))} twice`)
    parameters[name] = (JSON_VALUED as readonly string[]).includes(name) ? jsonFromLink(name, value) : value
  }
  return parameters
}

function jsonFromLink(name: string, value: string): unknown {
  try {
    return JSON.parse(value) as unknown
  } catch {
    throw badInput(`the link's ${name} is not valid JSON`)
  }
}
