import { DcqlQuery } from 'dcql'
import { CLAIM_NAME_PATTERN } from '../../core/requests/request-schema.js'
import { claimNamed } from '../../shared/claims.js'
import { badInput } from '../../shared/errors.js'

/**
 * The DCQL query (OpenID4VP 1.0 §6) a requester sends: one credential query, id `person`, for
 * MeVault's self-issued SD-JWT VC (`dc+sd-jwt`, vct urn:mevault:person:1), one claims query per
 * claim of the vocabulary, by path (`address.locality` → ["address","locality"]). Optional claims
 * become claim_sets: first every claim, then the required ones only, so a wallet that lacks an
 * optional claim still answers with the required ones (DCQL's "first set that can be met").
 */
export const MEVAULT_VCT = 'urn:mevault:person:1'
export const SD_JWT_VC_FORMAT = 'dc+sd-jwt'
export const PERSON_QUERY_ID = 'person'

export interface ClaimsWanted {
  claims: readonly string[]
  optional?: readonly string[]
  /** Accept claim names the catalogue does not know (refused by default, as typos). */
  allowUnknownClaims?: boolean
}

export function personDcqlQuery(wanted: ClaimsWanted): DcqlQuery.Input {
  const required = wanted.claims.map((name) => checkedClaim(name, wanted.allowUnknownClaims))
  const optional = (wanted.optional ?? []).map((name) => checkedClaim(name, wanted.allowUnknownClaims))
  const all = [...new Set([...required, ...optional])]
  if (all.length === 0) throw badInput('A request must ask for at least one claim')
  if (required.length === 0 && optional.length > 0) {
    throw badInput('An OpenID4VP request needs at least one required claim (DCQL cannot ask for "any of" nothing)')
  }
  const id = (name: string): string => name.replace(/\./g, '_')
  const query: DcqlQuery.Input = {
    credentials: [
      {
        id: PERSON_QUERY_ID,
        format: SD_JWT_VC_FORMAT,
        meta: { vct_values: [MEVAULT_VCT] },
        claims: all.map((name) => ({ id: id(name), path: name.split('.') })),
        ...(optional.length > 0 ? { claim_sets: [all.map(id), [...new Set(required)].map(id)] } : {})
      }
    ]
  }
  // The dcql library judges it, as a wallet's would.
  DcqlQuery.validate(DcqlQuery.parse(query))
  return query
}

function checkedClaim(name: string, allowUnknown = false): string {
  const trimmed = name.trim()
  if (!CLAIM_NAME_PATTERN.test(trimmed)) {
    throw badInput(`${JSON.stringify(trimmed.slice(0, 60))} is not a claim name (lowercase, e.g. given_name or address.locality)`)
  }
  if (!allowUnknown && !claimNamed(trimmed)) throw badInput(`${JSON.stringify(trimmed)} is not a claim MeVault knows (see \`mevault claims\`)`)
  return trimmed
}
