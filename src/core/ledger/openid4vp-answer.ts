import { createHash } from 'node:crypto'
import { badInput, MeVaultError } from '../../shared/errors.js'
import type { ConsentLine, FieldView } from '../../shared/types.js'
import { loadSodium } from '../crypto/sodium.js'
import { loadPolicy } from '../policy-store/index.js'
import type { RequesterRule } from '../requests/policy.js'
import type { RequestSignature } from '../requests/request-signature.js'
import { answerAuthorizationRequest } from '../requests/openid4vp/answer.js'
import { type AuthorizationRequest, readAuthorizationRequest, type ReadOptions } from '../requests/openid4vp/authorization-request.js'
import { consentLines } from '../requests/openid4vp/consent-lines.js'
import { type DcqlEvaluation, evaluateDcql } from '../requests/openid4vp/dcql-evaluation.js'
import { DIRECT_POST_CONTENT_TYPE } from '../requests/openid4vp/direct-post.js'
import type { Vault } from '../vault/vault.js'
import { fieldsWithClaims, newReceiptId } from './answer.js'
import { keptAnswerChanges } from './kept-answers.js'
import { answeredReceiptId, answerKey, receiptChanges } from './ledger-store.js'
import { getReceipt } from './queries.js'
import { type ReceiptPayload, signReceipt } from './receipt.js'
import type { Receipt, ReceiptOutcome } from './types.js'

/**
 * OpenID4VP requests in the ledger: read against the vault and the standing policy like a MeVault
 * request, answered with an SD-JWT VC, and recorded the same way (a signed receipt naming the
 * paths that left, the answer kept to give again, the response_uri as its address), all in one
 * transaction. A refusal is answered too, with OpenID4VP's `access_denied` error.
 */
export const OPENID4VP_PURPOSE = 'Not stated (an OpenID4VP request does not say why)'

export interface OpenId4VpPreview {
  request: AuthorizationRequest
  evaluation: DcqlEvaluation
  /** SHA-256 (hex) of the request as received; its receipt names it. */
  sha256: string
  /** The id its receipt and "answered before" use: derived from the request, which has none of its own. */
  id: string
  requester: { name: string; id: string; url: string }
  signature: RequestSignature
  lines: ConsentLine[]
  missingRequired: string[]
  /** The key a requester rule is kept under (a did:key client's did), and the rule. */
  requesterRule: RequesterRule | 'none'
  answeredBefore?: Receipt
  fields: FieldView[]
}

export interface OpenId4VpAnswerResult {
  /** The application/x-www-form-urlencoded body for the response_uri. */
  body: string
  receipt: Receipt
  /** Encrypted to the verifier (direct_post.jwt). */
  sealed: boolean
}

export async function previewOpenId4Vp(vault: Vault, text: string, options: ReadOptions = {}): Promise<OpenId4VpPreview> {
  const request = await readAuthorizationRequest(text, { now: () => vault.now(), ...options })
  const fields = await fieldsWithClaims(vault)
  const evaluation = evaluateDcql(request.dcqlQuery, fields)
  const policy = await loadPolicy(vault)
  const signature: RequestSignature = request.delivery.signed ? { status: 'valid', signer: signerOf(request) } : { status: 'unsigned' }
  const ruleKey = request.verifier.kind === 'did-key' ? request.verifier.did : request.client.clientId
  const lines = consentLines(evaluation, fields, policy, ruleKey, signature)
  const sha256 = createHash('sha256').update(text, 'utf8').digest('hex')
  const id = `openid4vp:${sha256.slice(0, 32)}`
  const requester = requesterOf(request)
  const previous = await answeredReceiptId(vault, answerKey(requester.id, id, request.nonce))
  return {
    request,
    evaluation,
    sha256,
    id,
    requester,
    signature,
    lines,
    missingRequired: lines.filter((line) => line.required && !line.held).map((line) => line.requestedKey),
    requesterRule: policy.requesters[ruleKey] ?? 'none',
    fields,
    ...(previous ? { answeredBefore: await getReceipt(vault, previous) } : {})
  }
}

/**
 * Answers with exactly the approved claims (claim names as the lines give them, or the vault paths
 * answering them); none is a refusal. The receipt and the kept answer are durable before the body
 * is returned; nothing is posted here (see service/deliveries.ts).
 */
export async function answerOpenId4Vp(
  vault: Vault,
  text: string,
  approve: readonly string[] | 'policy',
  again: boolean,
  options: ReadOptions = {}
): Promise<OpenId4VpAnswerResult> {
  await loadSodium()
  const preview = await previewOpenId4Vp(vault, text, options)
  const { request, answeredBefore } = preview
  if (answeredBefore && !again) {
    throw new MeVaultError('EXISTS', `You already answered this request from ${preview.requester.name} on ${answeredBefore.at}; answer it again only if you mean to`)
  }
  const chosen = chosenClaims(preview, approve)
  const sealed = request.responseMode === 'direct_post.jwt'
  let body: string
  if (chosen.length === 0) {
    body = refusalBody(request)
  } else {
    if (!preview.evaluation.canBeSatisfied) throw badInput('this request cannot be answered with what your vault holds; you can only refuse it')
    body = (await answerAuthorizationRequest({ request, evaluation: preview.evaluation, fields: preview.fields, approve: chosen, person: vault.identity, now: Math.floor(vault.now().getTime() / 1000) })).body
  }
  const payload = receiptPayload(vault, preview, chosen, { body, sealed, repeatOf: answeredBefore?.id })
  const jws = signReceipt(payload, vault.identity)
  await vault.changeDocuments([
    ...(await keptAnswerChanges(vault, payload.id, { packet: body, mediaType: DIRECT_POST_CONTENT_TYPE }, { answer: request.responseUri })),
    ...(await receiptChanges(vault, [{ payload, jws }]))
  ])
  return { body, receipt: await getReceipt(vault, payload.id), sealed: chosen.length > 0 && sealed }
}

/** The approved lines' claim names, in the lines' order; a line that cannot be shared is refused by name. */
function chosenClaims(preview: OpenId4VpPreview, approve: readonly string[] | 'policy'): string[] {
  if (approve === 'policy') return preview.lines.filter((line) => line.defaultChoice).map((line) => line.requestedKey)
  const chosen = new Set<string>()
  for (const key of approve) {
    const line = preview.lines.find((candidate) => candidate.requestedKey === key || (candidate.field === key && candidate.held))
    if (!line) throw badInput(`Cannot approve ${JSON.stringify(key.slice(0, 80))}: the request did not ask for it (see the claims it lists)`)
    if (!line.held) throw badInput(`Cannot approve ${line.requestedKey}: ${line.reason}`)
    chosen.add(line.requestedKey)
  }
  return preview.lines.filter((line) => chosen.has(line.requestedKey)).map((line) => line.requestedKey)
}

/** OpenID4VP §8.5: the person declined. Sent as a plain form even for direct_post.jwt: it holds nothing of theirs. */
function refusalBody(request: AuthorizationRequest): string {
  const form = new URLSearchParams({ error: 'access_denied', error_description: 'The person declined to share this.' })
  if (request.state !== undefined) form.set('state', request.state)
  return form.toString()
}

function receiptPayload(
  vault: Vault,
  preview: OpenId4VpPreview,
  chosen: readonly string[],
  answer: { body: string; sealed: boolean; repeatOf?: string }
): ReceiptPayload {
  const now = vault.now()
  const shared = new Set(chosen)
  const sharedLines = preview.lines.filter((line) => shared.has(line.requestedKey) && line.field !== undefined)
  const refused = preview.lines.filter((line) => !shared.has(line.requestedKey)).map((line) => line.requestedKey)
  const outcome: ReceiptOutcome = sharedLines.length === 0 ? 'refused' : refused.length === 0 ? 'shared' : 'partly-shared'
  return {
    id: newReceiptId(now),
    iss: vault.did,
    iat: Math.floor(now.getTime() / 1000),
    protocol: 'openid4vp',
    outcome,
    request: { id: preview.id, sha256: preview.sha256, nonce: preview.request.nonce },
    requester: preview.requester,
    purpose: OPENID4VP_PURPOSE,
    terms: {},
    disclosed: sharedLines.map((line) => line.field!),
    ...(sharedLines.length > 0 ? { claims: Object.fromEntries(sharedLines.map((line) => [line.requestedKey, line.field!])) } : {}),
    refused,
    missing: preview.lines.filter((line) => !line.held && line.field === undefined).map((line) => line.requestedKey),
    packet: { sha256: createHash('sha256').update(answer.body, 'utf8').digest('hex'), sealed: outcome !== 'refused' && answer.sealed },
    at: now.toISOString(),
    device: { id: vault.device.id, name: vault.device.name },
    ...(answer.repeatOf ? { repeatOf: answer.repeatOf } : {})
  }
}

/**
 * Who asks, as the ledger names them: the name the verifier gives itself (client_metadata's
 * client_name) or else its domain or host; the full client_id; and the response_uri's origin.
 */
function requesterOf(request: AuthorizationRequest): { name: string; id: string; url: string } {
  const given = request.clientMetadata?.client_name
  const fallback = request.verifier.kind === 'verified-domain' ? request.verifier.domain : request.verifier.kind === 'did-key' ? shortDid(request.verifier.did) : request.verifier.host
  // eslint-disable-next-line no-control-regex -- control characters would garble the name wherever it is shown
  const name = typeof given === 'string' && given.trim() !== '' ? given.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').trim().slice(0, 120) : fallback
  return { name: name.slice(0, 120), id: request.client.clientId, url: new URL(request.responseUri).origin }
}

function signerOf(request: AuthorizationRequest): string {
  return request.verifier.kind === 'did-key' ? request.verifier.did : request.client.value
}

function shortDid(did: string): string {
  return did.length > 40 ? `${did.slice(0, 24)}…${did.slice(-8)}` : did
}

