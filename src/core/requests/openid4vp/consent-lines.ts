import { claimNamed } from '../../../shared/claims.js'
import type { ConsentLine, FieldView } from '../../../shared/types.js'
import { previewOf } from '../decision.js'
import { type Policy, suggest } from '../policy.js'
import type { RequestSignature } from '../request-signature.js'
import type { DcqlEvaluation } from './dcql-evaluation.js'

/**
 * An OpenID4VP request's claims as the consent screen's lines, the same lines a MeVault request
 * gets: one per claim (a claim two credential queries both ask for is one line), with the field
 * that answers it, its tier, and what the standing policy suggests. A claim the person holds but
 * whose value is not among those the verifier accepts (`values`) is shown as not sent: the
 * verifier is never told, and the line cannot be switched on.
 */
export function consentLines(
  evaluation: DcqlEvaluation,
  fields: readonly FieldView[],
  policy: Policy,
  requesterRuleKey: string,
  signature: RequestSignature
): ConsentLine[] {
  const byPath = new Map(fields.map((field) => [field.path, field]))
  const shown = new Map<string, ConsentLine>()
  const answered = new Set(evaluation.answer)
  // The queries that will be answered; when none can be, every query, so the person sees what is missing.
  const queries = evaluation.canBeSatisfied ? evaluation.queries.filter((query) => answered.has(query.id)) : evaluation.queries
  for (const query of queries) {
    for (const line of query.lines) {
      if (shown.has(line.claim)) continue
      const known = claimNamed(line.claim)
      const base = {
        requestedKey: line.claim,
        path: line.claim,
        claim: line.claim,
        label: known?.label ?? line.label,
        knownClaim: known !== undefined,
        purpose: '',
        required: true
      }
      const field = line.field ? byPath.get(line.field.path) : undefined
      if (line.state === 'missing' || !field) {
        shown.set(line.claim, { ...base, held: false, suggestion: 'missing', reason: 'not in your vault', defaultChoice: false })
      } else if (line.state === 'no-match') {
        shown.set(line.claim, {
          ...base,
          field: field.path,
          held: false,
          tier: field.tier,
          type: field.type,
          suggestion: 'missing',
          reason: 'yours is not one of the values they accept: it is not sent, and they are not told',
          defaultChoice: false
        })
      } else {
        const { suggestion, reason } = suggest(policy, field.tier, requesterRuleKey, signature)
        shown.set(line.claim, {
          ...base,
          field: field.path,
          held: true,
          tier: field.tier,
          type: field.type,
          preview: previewOf(field.value),
          suggestion,
          reason,
          defaultChoice: suggestion === 'share'
        })
      }
    }
  }
  return [...shown.values()]
}
