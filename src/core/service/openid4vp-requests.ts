import type { RequestAnswer, RequesterIdentityView, RequestPreview } from '../../shared/api.js'
import { requestersSharedWith } from '../ledger/answered-requesters.js'
import { answerOpenId4Vp, OPENID4VP_PURPOSE, type OpenId4VpPreview, previewOpenId4Vp } from '../ledger/openid4vp-answer.js'
import type { WebDependencies } from '../net/web-request.js'
import { describeAddress } from '../packets/deliver.js'
import { MEVAULT_VCT, SD_JWT_VC_FORMAT } from '../requests/openid4vp/dcql-evaluation.js'
import { p256KeyFromIdentity } from '../crypto/p256-key.js'
import { signingAlgorithmFor } from '../requests/openid4vp/signing-algorithm.js'
import { type BindingChecker, knownRequesters } from '../requests/requester-identity/index.js'
import { nameWarnings } from '../requests/requester-identity/assess-requester.js'
import { hostWarnings } from '../requests/requester-identity/host-warnings.js'
import { keyChangeWarnings } from '../requests/requester-identity/known-requesters.js'
import type { Vault } from '../vault/vault.js'


/**
 * OpenID4VP requests through the same front door as MeVault requests (`requests.preview`,
 * `requests.answer`): the consent screen gets the same preview, the ledger the same receipt.
 * What differs is said in `credential`: the answer is a credential the person issues about
 * themself, which proves integrity and holder binding, not truth.
 */
export const SELF_ASSERTED_NOTE =
  'Your answer is a credential you issue yourself: it proves it comes from you and was not changed, not that what it says is true.'

export interface OpenId4VpNetwork {
  web: WebDependencies
  checker: BindingChecker
}

export async function previewOpenId4VpRequest(vault: Vault, text: string, network: OpenId4VpNetwork): Promise<RequestPreview> {
  const preview = await previewOpenId4Vp(vault, text, { web: network.web, bindingChecker: network.checker })
  const { request, answeredBefore } = preview
  const identity = await verifierIdentity(preview, knownRequesters(await requestersSharedWith(vault)))
  const issuer = signingAlgorithmFor(request.clientMetadata) === 'ES256' ? p256KeyFromIdentity(vault.identity.secretKey).did : vault.did
  return {
    protocol: 'openid4vp',
    request: { id: preview.id, sha256: preview.sha256 },
    requester: { ...preview.requester, ...identity },
    signature: preview.signature,
    purpose: OPENID4VP_PURPOSE,
    lines: preview.lines.map((line) => ({ ...line })),
    missingRequired: [...preview.missingRequired],
    requesterRule: preview.requesterRule,
    sealedAnswer: request.responseMode === 'direct_post.jwt',
    sendsTo: { answer: { to: request.responseUri, shownAs: describeAddress(request.responseUri) } },
    credential: { format: SD_JWT_VC_FORMAT, type: MEVAULT_VCT, issuer, note: SELF_ASSERTED_NOTE, notes: [...preview.evaluation.notes] },
    ...(answeredBefore ? { answeredBefore: { at: answeredBefore.at, outcome: answeredBefore.outcome, receiptId: answeredBefore.id } } : {})
  }
}

/** The typed API's answer for an OpenID4VP request: the form body is the "packet" saved or posted. */
export async function answerOpenId4VpRequest(
  vault: Vault,
  text: string,
  approve: readonly string[] | 'policy',
  again: boolean,
  network: OpenId4VpNetwork
): Promise<RequestAnswer> {
  const { body, receipt, sealed } = await answerOpenId4Vp(vault, text, approve, again, { web: network.web, bindingChecker: network.checker })
  return {
    protocol: 'openid4vp',
    outcome: receipt.outcome,
    packet: body,
    sealed,
    sha256: receipt.packet.sha256,
    shared: [...receipt.disclosed],
    fileName: `mevault-openid4vp-response-${receipt.at.slice(0, 10)}-${receipt.id.slice(-6)}.txt`,
    receipt: structuredClone(receipt)
  }
}

/**
 * Who asks, as MeVault requests say it: verified only when a domain vouches (did:web, or an x509
 * certificate for the name); a did:key is a key without a domain; an unsigned request's address
 * is only what it claims. The warnings are the same as for MeVault requests.
 */
async function verifierIdentity(preview: OpenId4VpPreview, known: ReturnType<typeof knownRequesters>): Promise<RequesterIdentityView> {
  const { requester } = preview
  const warnings = [...keyChangeWarnings(requester, known), ...(await nameWarnings(requester, known)), ...hostWarnings(requester.url)]
  const verifier = preview.request.verifier
  switch (verifier.kind) {
    case 'verified-domain':
      return { verified: { domain: verifier.domain, method: verifier.method }, check: { state: 'verified' }, warnings }
    case 'did-key':
      return { verified: null, check: { state: 'not-bound', reason: 'it signs with a did:key, a key that names no domain' }, warnings }
    case 'unverified-host':
      return { verified: null, check: { state: 'not-checked', reason: 'the request is not signed; its address is its own claim' }, warnings }
  }
}
