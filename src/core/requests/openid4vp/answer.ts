import { badInput } from '../../../shared/errors.js'
import type { FieldView } from '../../../shared/types.js'
import type { SigningKeyPair } from '../../crypto/identity.js'
import { loadSodium } from '../../crypto/sodium.js'
import type { AuthorizationRequest } from './authorization-request.js'
import { claimValue, type DcqlEvaluation } from './dcql-evaluation.js'
import { directPostBody } from './direct-post.js'
import { presentSdJwtVc } from './sd-jwt-vc.js'
import { signingAlgorithmFor } from './signing-algorithm.js'

/**
 * An OpenID4VP answer from what the person approved: per answered credential query, an SD-JWT VC
 * holding the claims the query asked for that the person has (and that match any `values`), of
 * which only the approved ones are disclosed. `approve` takes claim names as the evaluation lists
 * them, or the vault paths of the fields that answer them.
 */
export interface OpenId4VpAnswer {
  /** Credential query id → presentations: the vp_token. */
  vpToken: Record<string, string[]>
  /** Credential query id → the claim names disclosed: what the ledger records. */
  disclosed: Record<string, string[]>
  /** The form body to post (application/x-www-form-urlencoded): plain for direct_post, encrypted for direct_post.jwt. */
  body: string
}

export interface AnswerInput {
  request: AuthorizationRequest
  evaluation: DcqlEvaluation
  fields: readonly FieldView[]
  approve: readonly string[]
  person: SigningKeyPair
  /** Seconds since the epoch. */
  now?: number
}

export async function answerAuthorizationRequest(input: AnswerInput): Promise<OpenId4VpAnswer> {
  await loadSodium()
  if (!input.evaluation.canBeSatisfied) throw badInput('this request cannot be answered with what the vault holds')
  const byPath = new Map(input.fields.map((field) => [field.path, field]))
  const approvedNames = new Set<string>()
  const known = new Set(input.evaluation.queries.flatMap((outcome) => outcome.disclose))
  for (const name of input.approve) {
    const asClaim = known.has(name) ? name : claimAnsweredBy(input.evaluation, byPath.get(name))
    if (!asClaim) throw badInput(`${JSON.stringify(name.slice(0, 80))} is not a claim this request asks for (see the claims it lists)`)
    approvedNames.add(asClaim)
  }
  const alg = signingAlgorithmFor(input.request.clientMetadata)
  const vpToken: Record<string, string[]> = {}
  const disclosed: Record<string, string[]> = {}
  for (const id of input.evaluation.answer) {
    const outcome = input.evaluation.queries.find((candidate) => candidate.id === id)
    if (!outcome) continue
    const claims = new Map<string, unknown>()
    for (const line of outcome.lines) {
      if (!outcome.disclose.includes(line.claim) || !line.field) continue
      const field = byPath.get(line.field.path)
      if (field) claims.set(line.claim, claimValue(line.claim, field.value))
    }
    const approved = outcome.disclose.filter((name) => approvedNames.has(name))
    vpToken[id] = [
      presentSdJwtVc({
        claims,
        approved,
        nonce: input.request.nonce,
        audience: input.request.client.clientId,
        person: input.person,
        alg,
        ...(input.now === undefined ? {} : { now: input.now })
      })
    ]
    disclosed[id] = approved
  }
  return { vpToken, disclosed, body: await directPostBody(input.request, vpToken) }
}

function claimAnsweredBy(evaluation: DcqlEvaluation, field: FieldView | undefined): string | undefined {
  if (!field) return undefined
  for (const outcome of evaluation.queries) {
    const line = outcome.lines.find((candidate) => candidate.field?.path === field.path && outcome.disclose.includes(candidate.claim))
    if (line) return line.claim
  }
  return undefined
}
