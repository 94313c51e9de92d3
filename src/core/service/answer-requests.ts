import type { FieldHolder, LedgerEntry, PolicyPresetName, SignedReceipt, PolicyView, RequestAnswer, RequestPreview, WithdrawalNotice } from '../../shared/api.js'
import * as ledger from '../ledger/index.js'
import { describeAddress } from '../packets/deliver.js'
import { requestersSharedWith } from '../ledger/answered-requesters.js'
import type { Receipt } from '../ledger/index.js'
import { loadPolicy, savePolicy } from '../policy-store/index.js'
import { applyPreset, POLICY_PRESETS, type Policy, setRefuseSoldIndividually } from '../requests/policy.js'
import { assessRequester, type BindingChecker, knownRequesters } from '../requests/requester-identity/index.js'
import type { Vault } from '../vault/vault.js'

/** The typed API's requests, ledger and policy methods, over the ledger core (src/core/ledger). */

/**
 * Parses the request and lines it up with the vault and the standing policy. Nothing of the vault
 * leaves: the only network use is fetching the requester's own did.json (its domain binding).
 */
export async function previewRequest(vault: Vault, text: string, checker: BindingChecker): Promise<RequestPreview> {
  const { parsed, decision, answeredBefore } = await ledger.previewRequest(vault, text)
  const { request } = parsed
  const known = knownRequesters(await requestersSharedWith(vault))
  const identity = await assessRequester({ requester: request.requester, signature: parsed.signature, known, checker })
  return {
    request: { ...decision.request },
    requester: { ...decision.requester, ...identity },
    signature: decision.signature,
    purpose: request.purpose,
    retention: request.retention,
    ...(request.compensation ? { compensation: { ...request.compensation } } : {}),
    ...(request.use ? { use: structuredClone(request.use) } : {}),
    ...(decision.refusal ? { refusal: decision.refusal } : {}),
    expiresAt: request.expiresAt,
    lines: decision.lines.map((line) => ({ ...line })),
    missingRequired: [...decision.missingRequired],
    requesterRule: decision.requesterRule,
    sealedAnswer: request.requester.publicKey !== undefined,
    ...sendsTo(request.responseUri, request.withdrawalUri),
    ...(answeredBefore ? { answeredBefore: { at: answeredBefore.at, outcome: answeredBefore.outcome, receiptId: answeredBefore.id } } : {})
  }
}

function sendsTo(answer: string | undefined, withdrawal: string | undefined): Pick<RequestPreview, 'sendsTo'> {
  if (!answer && !withdrawal) return {}
  const address = (to: string) => ({ to, shownAs: describeAddress(to) })
  return { sendsTo: { ...(answer ? { answer: address(answer) } : {}), ...(withdrawal ? { withdrawal: address(withdrawal) } : {}) } }
}

/**
 * Answers with exactly the approved paths (none = a refusal, still signed so the requester gets a
 * clear "no"). The ledger's signed receipt is durable before the packet comes back. When the
 * request gives an X25519 key, the requester asked for a sealed answer: it is sealed, as
 * `mevault request answer --seal` does, and saved as the JSON envelope it then is.
 */
export async function answerRequest(
  vault: Vault,
  text: string,
  approve: readonly string[] | 'policy',
  again: boolean,
  seal: boolean | 'if-asked' = 'if-asked'
): Promise<RequestAnswer> {
  const { packet, receipt, sealed } = await ledger.answerRequest(vault, { requestBytes: text, approve, again, seal })
  const stem = `mevault-answer-${safeFileStem(receipt.requester.name)}-${receipt.at.slice(0, 10)}`
  return {
    outcome: receipt.outcome,
    packet,
    sealed,
    sha256: receipt.packet.sha256,
    shared: [...receipt.disclosed],
    fileName: sealed ? `${stem}.sealed.json` : `${stem}.jws`,
    receipt: toSignedReceipt(receipt)
  }
}

export async function listLedger(vault: Vault): Promise<LedgerEntry[]> {
  return (await ledger.listReceiptSummaries(vault)).map(toEntry)
}

export async function listReceipts(vault: Vault): Promise<SignedReceipt[]> {
  return (await ledger.listReceipts(vault)).map(toSignedReceipt)
}

/** A copy: nothing of the core's objects crosses the boundary by reference (the shapes are the same). */
function toSignedReceipt(receipt: Receipt): SignedReceipt {
  return structuredClone(receipt)
}

export async function withdrawConsent(vault: Vault, receiptId: string): Promise<WithdrawalNotice> {
  const { notice, receipt, alreadyWithdrawn } = await ledger.withdraw(vault, receiptId)
  return {
    notice,
    alreadyWithdrawn,
    fileName: `mevault-withdrawal-${safeFileStem(receipt.requester.name)}-${receipt.id}.jws`,
    withdrawnAt: receipt.withdrawal?.at ?? '',
    requester: { ...receipt.requester }
  }
}

/** Who received `path`, by the ledger's receipts: never the values. */
export async function whoHasField(vault: Vault, path: string): Promise<FieldHolder[]> {
  return (await ledger.whoHas(vault, path)).map((holder) => ({ ...holder, requester: { ...holder.requester } }))
}

export async function policyView(vault: Vault): Promise<PolicyView> {
  const policy = await loadPolicy(vault)
  return {
    tiers: { ...policy.tiers },
    preset: presetOf(policy),
    requesters: { ...policy.requesters },
    refuseSoldIndividually: policy.refuseSoldIndividually === true
  }
}

export async function chooseRefuseSoldIndividually(vault: Vault, refuse: boolean): Promise<PolicyView> {
  await savePolicy(vault, setRefuseSoldIndividually(await loadPolicy(vault), refuse))
  return policyView(vault)
}

export async function choosePreset(vault: Vault, preset: PolicyPresetName): Promise<PolicyView> {
  await savePolicy(vault, applyPreset(await loadPolicy(vault), preset))
  return policyView(vault)
}

function toEntry(receipt: ledger.ReceiptSummary): LedgerEntry {
  return {
    id: receipt.id,
    ...(receipt.protocol ? { protocol: receipt.protocol } : {}),
    outcome: receipt.outcome,
    request: { id: receipt.request.id, sha256: receipt.request.sha256 },
    requester: { ...receipt.requester },
    purpose: receipt.purpose,
    terms: {
      ...(receipt.terms.retention ? { retention: receipt.terms.retention } : {}),
      ...(receipt.terms.compensation ? { compensation: { ...receipt.terms.compensation } } : {}),
      ...(receipt.terms.use ? { use: structuredClone(receipt.terms.use) } : {})
    },
    disclosed: [...receipt.disclosed],
    ...(receipt.claims ? { claims: { ...receipt.claims } } : {}),
    refused: [...receipt.refused],
    at: receipt.at,
    packetSha256: receipt.packet.sha256,
    ...(receipt.withdrawal ? { withdrawnAt: receipt.withdrawal.at } : {})
  }
}

function presetOf(policy: Policy): PolicyPresetName | null {
  const same = (preset: PolicyPresetName) => {
    const tiers = applyPreset(policy, preset).tiers
    return tiers.public === policy.tiers.public && tiers.restricted === policy.tiers.restricted && tiers.private === policy.tiers.private
  }
  return POLICY_PRESETS.find(same) ?? null
}

/** "The Weekly Garden" → "the-weekly-garden": a file name that is safe on every system. */
function safeFileStem(name: string): string {
  const stem = name
    .normalize('NFKD')
    .replace(/[^\w\s-]/g, '')
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, '-')
    .slice(0, 40)
  return stem || 'requester'
}
