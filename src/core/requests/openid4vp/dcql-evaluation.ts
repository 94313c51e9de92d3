import { DcqlQuery, type DcqlQueryResult, type DcqlSdJwtVcCredential } from 'dcql'
import { CLAIMS, claimNamed } from '../../../shared/claims.js'
import { badInput } from '../../../shared/errors.js'
import type { FieldView, Tier } from '../../../shared/types.js'
import { answeringFields } from '../answering-fields.js'

/**
 * What a DCQL query (OpenID4VP 1.0 §6) asks of this person, evaluated with the OpenWallet
 * Foundation's `dcql` library against the one credential MeVault can present: a self-issued
 * SD-JWT VC of type urn:mevault:person:1 holding the person's claim-tagged fields. The library
 * decides claim_sets (the first that can be satisfied), credential_sets, values and
 * trusted_authorities; this module maps claims paths onto the claim vocabulary and says, in words,
 * why something cannot be answered. A query for another type is never answered by adopting it.
 */
export const MEVAULT_VCT = 'urn:mevault:person:1'
export const SD_JWT_VC_FORMAT = 'dc+sd-jwt'

type Credential = DcqlSdJwtVcCredential

export interface QueryLine {
  /** The claim's name in the vocabulary (`address.locality`), or the path as written when it has none. */
  claim: string
  label: string
  /** held: answered by `field`; missing: no field holds it; no-match: held, but not one of the values asked for. */
  state: 'held' | 'missing' | 'no-match'
  field?: { path: string; tier: Tier }
}

export interface CredentialQueryOutcome {
  id: string
  lines: QueryLine[]
  /** The claim names that would be disclosed if this query is answered (values matching). */
  disclose: string[]
  answerable: boolean
  /** Why not, in a sentence, when not answerable for a reason other than missing claims. */
  reason?: string
}

export interface DcqlEvaluation {
  queries: CredentialQueryOutcome[]
  /** The credential query ids to answer (the chosen options of credential_sets, or all). */
  answer: string[]
  canBeSatisfied: boolean
  /** Things the person should know (a wish for several credentials that only one can meet). */
  notes: string[]
}

export function evaluateDcql(query: unknown, fields: readonly FieldView[]): DcqlEvaluation {
  let parsed: DcqlQuery
  try {
    parsed = DcqlQuery.parse(query as DcqlQuery.Input)
    DcqlQuery.validate(parsed)
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0]?.slice(0, 160) : ''
    throw badInput(`the dcql_query is not a valid DCQL query${message ? `: ${message}` : ''}`)
  }
  const held = heldClaims(fields)
  let result: DcqlQueryResult
  try {
    result = DcqlQuery.query(parsed, [
      { credential_format: SD_JWT_VC_FORMAT, vct: MEVAULT_VCT, claims: held.credentialClaims as Credential['claims'], cryptographic_holder_binding: true }
    ])
  } catch (error) {
    throw badInput(`the dcql_query cannot be evaluated: ${error instanceof Error ? error.message.split('\n')[0]?.slice(0, 160) : 'unknown error'}`)
  }
  const notes: string[] = []
  const queries = parsed.credentials.map((credentialQuery) => outcomeOf(credentialQuery, result, held))
  for (const credentialQuery of parsed.credentials) {
    if (credentialQuery.multiple) notes.push(`“${credentialQuery.id}” accepts several credentials; MeVault presents the one it has`)
  }
  const answer = chosenQueries(result, queries)
  const canBeSatisfied = result.can_be_satisfied && answer !== undefined
  if (!canBeSatisfied) {
    // A query MeVault can never answer (another type, a trusted issuer) is refused with its reason;
    // one that only misses claims stays, so the person can see what is missing.
    const blocking =
      queries.find((outcome) => outcome.reason !== undefined && requiredQuery(result, outcome.id)) ??
      (queries.every((outcome) => outcome.answerable || outcome.reason) ? queries.find((outcome) => outcome.reason) : undefined)
    if (blocking) throw badInput(`the request cannot be answered: ${blocking.reason}`)
  }
  return { queries, answer: answer ?? [], canBeSatisfied, notes }
}

interface HeldClaims {
  /** Claim name → the field answering it. */
  fields: Map<string, FieldView>
  /** The credential's claims as JSON (address members nested), for the dcql library. */
  credentialClaims: Record<string, unknown>
}

function heldClaims(fields: readonly FieldView[]): HeldClaims {
  const answers = answeringFields(CLAIMS.map((definition) => ({ claim: definition.name, purpose: '', required: false })), fields)
  const byClaim = new Map<string, FieldView>()
  const credentialClaims: Record<string, unknown> = {}
  for (const [key, field] of answers) {
    const name = key.replace(/^claim:/, '')
    byClaim.set(name, field)
    setClaim(credentialClaims, name, claimValue(name, field.value))
  }
  return { fields: byClaim, credentialClaims }
}

/** The JSON value a claim has in the credential: OIDC's nationalities is an array, the rest strings. */
export function claimValue(name: string, value: string): unknown {
  return name === 'nationalities' ? [value] : value
}

export function setClaim(target: Record<string, unknown>, name: string, value: unknown): void {
  const [head = '', member] = name.split('.')
  if (member === undefined) target[head] = value
  else target[head] = { ...(target[head] as Record<string, unknown> | undefined), [member]: value }
}

function outcomeOf(credentialQuery: DcqlQuery['credentials'][number], result: DcqlQueryResult, held: HeldClaims): CredentialQueryOutcome {
  const id = credentialQuery.id
  if (credentialQuery.format !== SD_JWT_VC_FORMAT) {
    return { id, lines: [], disclose: [], answerable: false, reason: `“${id}” asks for a ${credentialQuery.format} credential; MeVault presents only SD-JWT VCs (dc+sd-jwt) of its own type, ${MEVAULT_VCT}` }
  }
  const vctValues = credentialQuery.meta && 'vct_values' in credentialQuery.meta ? credentialQuery.meta.vct_values : undefined
  if (!vctValues?.includes(MEVAULT_VCT)) {
    const asked = vctValues?.length ? vctValues.slice(0, 3).join(', ') : 'no type'
    return {
      id, lines: [], disclose: [], answerable: false,
      reason: `“${id}” asks for a credential of type ${asked}, issued by someone else; MeVault holds only the person’s own statements (${MEVAULT_VCT}) and never answers as another type`
    }
  }
  const claims = credentialQuery.claims ?? []
  const match = result.credential_matches[id]
  const chosen = match?.success ? match.valid_credentials[0].claims.valid_claim_sets[0] : undefined
  const indexes = chosen
    ? chosen.valid_claim_indexes ?? claims.map((_, index) => index)
    : firstClaimSet(credentialQuery)
  const lines: QueryLine[] = []
  const disclose: string[] = []
  for (const index of indexes) {
    const claimQuery = claims[index]
    if (!claimQuery || !('path' in claimQuery)) continue
    for (const name of claimNamesOf(claimQuery.path as readonly unknown[], held)) {
      const field = held.fields.get(name)
      const values = claimQuery.values as readonly unknown[] | undefined
      const state: QueryLine['state'] = !field ? 'missing' : values && !values.includes(claimValue(name, field.value)) && !values.includes(field.value) ? 'no-match' : 'held'
      lines.push({
        claim: name,
        label: claimNamed(name)?.label ?? name,
        state,
        ...(field ? { field: { path: field.path, tier: field.tier } } : {})
      })
      if (chosen && state === 'held') disclose.push(name)
    }
  }
  if (credentialQuery.trusted_authorities) {
    return {
      id, lines, disclose: [], answerable: false,
      reason: `“${id}” accepts only credentials from issuers it trusts (trusted_authorities); MeVault’s credential is issued by the person themself, so it cannot match`
    }
  }
  return { id, lines, disclose, answerable: match?.success === true }
}

/** The claims a query asks for when none of its claim sets can be met: the first set, or all. */
function firstClaimSet(credentialQuery: DcqlQuery['credentials'][number]): number[] {
  const claims = credentialQuery.claims ?? []
  const first = credentialQuery.claim_sets?.[0]
  if (!first) return claims.map((_, index) => index)
  return first.map((claimId) => claims.findIndex((claim) => claim.id === claimId)).filter((index) => index >= 0)
}

/**
 * A claims path as claim names: ["given_name"] → given_name, ["address", "locality"] →
 * address.locality, ["address"] → every address member the person holds. A path the vocabulary
 * does not know (or one with array indexes) is shown as written, missing.
 */
function claimNamesOf(path: readonly unknown[], held: HeldClaims): string[] {
  const written = path.map((part) => (part === null ? '*' : String(part))).join('.')
  if (!path.every((part) => typeof part === 'string')) return [written]
  if (path.length === 1 && path[0] === 'address') {
    const members = [...held.fields.keys()].filter((name) => name.startsWith('address.'))
    return members.length > 0 ? members : ['address']
  }
  return [written]
}

/** The query ids to answer: every query, or per credential set its first option that matches. */
function chosenQueries(result: DcqlQueryResult, queries: CredentialQueryOutcome[]): string[] | undefined {
  const answerable = new Set(queries.filter((outcome) => outcome.answerable).map((outcome) => outcome.id))
  if (!result.credential_sets) return queries.every((outcome) => answerable.has(outcome.id)) ? queries.map((outcome) => outcome.id) : undefined
  const chosen = new Set<string>()
  for (const set of result.credential_sets) {
    const option = set.options.find((ids) => ids.every((id) => answerable.has(id)))
    if (option) option.forEach((id) => chosen.add(id))
    else if (set.required !== false) return undefined
  }
  return [...chosen]
}

function requiredQuery(result: DcqlQueryResult, id: string): boolean {
  if (!result.credential_sets) return true
  // Required when every option of some required set needs it.
  return result.credential_sets.some((set) => set.required !== false && set.options.every((option) => option.includes(id)))
}
