import { MeVaultError } from '../../shared/errors.js'
import type { FieldView } from '../../shared/types.js'
import { claimsByPath } from '../claims/claim-tags.js'
import { loadSodium, sodium } from '../crypto/sodium.js'
import { buildPacket } from '../packets/build-packet.js'
import { sealPacket } from '../packets/seal.js'
import { type Approval, approve, approveByPolicy, decide, type Decision, refuseAll } from '../requests/decision.js'
import { type ParsedRequest, parseRequest } from '../requests/parse-request.js'
import type { Vault } from '../vault/vault.js'
import { loadPolicy } from '../policy-store/index.js'
import { keptAnswerChanges } from './kept-answers.js'
import { answeredReceiptId, answerKey, monthOf, receiptChanges } from './ledger-store.js'
import { getReceipt } from './queries.js'
import { type ReceiptPayload, signReceipt } from './receipt.js'
import type { AnswerRequestInput, AnswerResult, ApproveChoice, ReceiptOutcome, RequestPreview } from './types.js'

/** Reads a request against this vault: what it holds, what the policy says, and whether it was answered. */
export async function previewRequest(vault: Vault, requestBytes: Uint8Array | string): Promise<RequestPreview> {
  const parsed = await parseRequest(requestBytes, { now: vault.now() })
  const decision = decide(parsed, await fieldsWithClaims(vault), await loadPolicy(vault))
  const { requester, id, nonce } = parsed.request
  const previous = await answeredReceiptId(vault, answerKey(requester.id, id, nonce))
  return { parsed, decision, ...(previous ? { answeredBefore: await getReceipt(vault, previous) } : {}) }
}

/**
 * Answers a request: signs a packet holding exactly the approved fields (an empty one for a
 * refusal), then records a signed receipt. The receipt is durable before the packet is returned,
 * so nothing can leave without the ledger knowing. A request answered before is refused (EXISTS)
 * unless `again` is set: a nonce is never reused silently.
 */
export async function answerRequest(vault: Vault, input: AnswerRequestInput): Promise<AnswerResult> {
  await loadSodium()
  const { parsed, decision, answeredBefore } = await previewRequest(vault, input.requestBytes)
  const { request } = parsed
  if (answeredBefore && !input.again) {
    throw new MeVaultError(
      'EXISTS',
      `You already answered request ${request.id} from ${request.requester.name} on ${answeredBefore.at} ` +
        `(receipt ${answeredBefore.id}); answer it again only if you mean to`
    )
  }
  const seal = input.seal === 'if-asked' ? request.requester.publicKey !== undefined : Boolean(input.seal)
  if (seal && !request.requester.publicKey) {
    throw new MeVaultError('BAD_INPUT', 'The request gives no publicKey to seal the answer to; answer without sealing')
  }
  const approval = approvalFor(decision, input.approve)
  const now = vault.now()
  const built = await buildPacket({ request: parsed, fields: await fieldsWithClaims(vault), approval, identity: vault.identity, now })
  const packet = seal ? await sealPacket(built.jws, request) : built.jws

  const payload = receiptPayload(vault, parsed, decision, approval, {
    packetSha256: built.sha256,
    sealed: seal,
    now,
    repeatOf: answeredBefore?.id
  })
  const jws = signReceipt(payload, vault.identity)
  // One transaction: the packet kept (to give again), the addresses, the receipt and "answered".
  await vault.changeDocuments([
    ...(await keptAnswerChanges(vault, payload.id, { packet }, { answer: request.responseUri, withdrawal: request.withdrawalUri })),
    ...(await receiptChanges(vault, [{ payload, jws }]))
  ])
  const receipt = await getReceipt(vault, payload.id)
  return { packet, jws: built.jws, sealed: seal, receipt, decision }
}

function approvalFor(decision: Decision, choice: ApproveChoice): Approval {
  if (choice === 'policy') return approveByPolicy(decision)
  if (choice === 'deny') return refuseAll(decision)
  if (!Array.isArray(choice)) throw new MeVaultError('BAD_INPUT', 'Approve a list of claims or paths, "policy" or "deny"')
  return approve(decision, choice)
}

/** The vault's fields, each with the claim it carries: what a claim line is answered by. */
export async function fieldsWithClaims(vault: Vault): Promise<FieldView[]> {
  const [fields, byPath] = await Promise.all([vault.list(), claimsByPath(vault)])
  if (byPath.size === 0) return fields
  return fields.map((field) => {
    const claim = byPath.get(field.path)
    return claim === undefined ? field : { ...field, claim }
  })
}

/**
 * The receipt's payload for an answer. `disclosed` names the vault paths whose values left (so
 * "who has this field" reads it), `claims` the claim each disclosed claim line went out as, and
 * `refused` and `missing` the requested keys (claims or paths) not shared.
 */
export function receiptPayload(
  vault: Vault,
  parsed: ParsedRequest,
  decision: Decision,
  approval: Approval,
  answer: { packetSha256: string; sealed: boolean; now: Date; repeatOf?: string }
): ReceiptPayload {
  const { request } = parsed
  const shared = new Set(approval.keys)
  const sharedLines = decision.lines.filter((line) => shared.has(line.requestedKey) && line.field !== undefined)
  const disclosed = sharedLines.map((line) => line.field!)
  const claims = Object.fromEntries(sharedLines.filter((line) => line.claim !== undefined).map((line) => [line.claim!, line.field!]))
  const refused = decision.lines.filter((line) => !shared.has(line.requestedKey)).map((line) => line.requestedKey)
  const outcome: ReceiptOutcome = disclosed.length === 0 ? 'refused' : refused.length === 0 ? 'shared' : 'partly-shared'
  return {
    id: newReceiptId(answer.now),
    iss: vault.did,
    iat: Math.floor(answer.now.getTime() / 1000),
    outcome,
    request: { id: request.id, sha256: parsed.sha256, nonce: request.nonce },
    requester: { name: request.requester.name, id: request.requester.id, url: request.requester.url },
    purpose: request.purpose,
    terms: {
      retention: request.retention,
      ...(request.compensation ? { compensation: request.compensation } : {}),
      ...(request.use ? { use: request.use } : {})
    },
    disclosed,
    ...(Object.keys(claims).length > 0 ? { claims } : {}),
    refused,
    missing: decision.lines.filter((line) => !line.held).map((line) => line.requestedKey),
    packet: { sha256: answer.packetSha256, sealed: answer.sealed },
    at: answer.now.toISOString(),
    device: { id: vault.device.id, name: vault.device.name },
    ...(answer.repeatOf ? { repeatOf: answer.repeatOf } : {})
  }
}

/** "rc-2026-01-" and 64 random bits: the month names the receipt's shard. */
export function newReceiptId(now: Date): string {
  return `rc-${monthOf(now)}-${sodium().to_hex(sodium().randombytes_buf(8))}`
}
