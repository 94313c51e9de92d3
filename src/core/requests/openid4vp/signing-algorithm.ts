import { badInput } from '../../../shared/errors.js'
import type { SigningAlgorithm } from './sd-jwt-vc.js'

/**
 * Which algorithm the answer is signed with, from the verifier's `client_metadata`
 * (`vp_formats_supported["dc+sd-jwt"]`, `sd-jwt_alg_values` and `kb-jwt_alg_values`): EdDSA when
 * it says nothing or accepts it (also as the fully specified "Ed25519"), else ES256 when accepted
 * (HAIP verifiers), else refused with what it asked for.
 */
export function signingAlgorithmFor(clientMetadata: Record<string, unknown> | undefined): SigningAlgorithm {
  const formats = clientMetadata?.vp_formats_supported
  const sdJwt = isObject(formats) ? formats['dc+sd-jwt'] : undefined
  const lists = isObject(sdJwt)
    ? [sdJwt['sd-jwt_alg_values'], sdJwt['kb-jwt_alg_values']].filter((list): list is unknown[] => Array.isArray(list))
    : []
  const acceptedByAll = (names: readonly string[]): boolean => lists.every((list) => list.some((alg) => names.includes(String(alg))))
  if (acceptedByAll(['EdDSA', 'Ed25519'])) return 'EdDSA'
  if (acceptedByAll(['ES256'])) return 'ES256'
  const asked = [...new Set(lists.flat().map((alg) => String(alg).slice(0, 20)))].slice(0, 5).join(', ')
  throw badInput(`the verifier accepts SD-JWT VCs signed with ${asked} only; MeVault signs with EdDSA or ES256`)
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
