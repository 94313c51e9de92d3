import { compactDecrypt, decodeProtectedHeader, importJWK, type JWK } from 'jose'
import { DcqlPresentationResult, DcqlQuery } from 'dcql'
import { MEVAULT_VCT, SD_JWT_VC_FORMAT } from './dcql-query.js'
import { type Check, checkPresentation, type PresentationCheckName } from './check-presentation.js'
import type { PendingRequest } from './pending-request.js'

/**
 * The verifier's whole check of an OpenID4VP answer posted to its response_uri (direct_post: the
 * form's `vp_token` and `state`; direct_post.jwt: `response`, a JWE opened with the request's
 * key): the state is this request's and it is still answerable, the vp_token is keyed by the
 * query's credential ids, each SD-JWT VC passes check-presentation.ts, and what was disclosed
 * satisfies the DCQL query (the `dcql` library decides). Never throws for a bad answer.
 */
export type OpenId4VpCheckName = 'response' | 'state' | 'in-time' | 'vp-token' | PresentationCheckName | 'dcql'

export interface OpenId4VpVerification {
  valid: boolean
  /** The first failed check: "<check>: <detail>". */
  reason?: string
  failedCheck?: OpenId4VpCheckName
  checks: Check<OpenId4VpCheckName>[]
  /** Only when valid: the disclosed claims by claim name (`given_name`, `address.locality`). */
  claims?: Record<string, unknown>
  /** Only when valid: per credential query id, the holder's did:key and the claims as the credential holds them. */
  credentials?: Record<string, { holder: string; claims: Record<string, unknown> }>
  /** Only when valid: the holder's did:key (the person's own key: issuer and holder are one). */
  holder?: string
  /** Always: what a valid answer proves, and what it does not. */
  notice: string
}

export const SELF_ASSERTED_NOTICE =
  'Self-asserted: the person issued this credential with their own key. It proves the values were not changed and that the presenter holds that key, not that the values are true.'

export interface VerifyOpenId4VpOptions {
  now?: Date
  skewSeconds?: number
  maxAgeSeconds?: number
}

/** The `state` an answer names, read before verifying (for finding its request): form field, or the JWE's kid. */
export function answeredState(body: string | Uint8Array): string | undefined {
  const form = new URLSearchParams(typeof body === 'string' ? body : new TextDecoder().decode(body))
  const state = form.get('state')
  if (state) return state
  const response = form.get('response')
  if (!response) return undefined
  try {
    const kid = decodeProtectedHeader(response).kid
    return typeof kid === 'string' ? kid : undefined
  } catch {
    return undefined
  }
}

export async function verifyOpenId4VpResponse(
  body: string | Uint8Array,
  pending: PendingRequest,
  options: VerifyOpenId4VpOptions = {}
): Promise<OpenId4VpVerification> {
  const now = options.now ?? new Date()
  const checks: Check<OpenId4VpCheckName>[] = []
  const fail = (name: OpenId4VpCheckName, detail: string): OpenId4VpVerification => {
    checks.push({ name, status: 'fail', detail })
    return { valid: false, failedCheck: name, reason: `${name}: ${detail}`, checks, notice: SELF_ASSERTED_NOTICE }
  }
  const pass = (name: OpenId4VpCheckName, detail: string): void => void checks.push({ name, status: 'pass', detail })

  const opened = await openResponse(typeof body === 'string' ? body : new TextDecoder().decode(body), pending)
  if ('problem' in opened) return fail('response', opened.problem)
  pass('response', pending.responseMode === 'direct_post.jwt' ? 'decrypted with this request’s key' : 'a direct_post form')

  if (opened.state !== pending.state) return fail('state', 'the answer names another state than this request’s')
  pass('state', 'this request’s state')
  const skew = options.skewSeconds ?? 60
  if (now.getTime() > Date.parse(pending.expiresAt) + skew * 1000) return fail('in-time', `the request expired at ${pending.expiresAt}`)
  pass('in-time', `before ${pending.expiresAt}`)

  const query = DcqlQuery.parse(pending.dcqlQuery as DcqlQuery.Input)
  const vpToken = opened.vpToken
  if (typeof vpToken !== 'object' || vpToken === null || Array.isArray(vpToken)) return fail('vp-token', 'vp_token is not a JSON object keyed by credential query id')
  const ids = new Set(query.credentials.map((credential) => credential.id))
  const entries = Object.entries(vpToken as Record<string, unknown>)
  if (entries.length === 0) return fail('vp-token', 'vp_token holds no presentation')
  for (const [id, presentations] of entries) {
    if (!ids.has(id)) return fail('vp-token', `vp_token answers ${JSON.stringify(id.slice(0, 40))}, which the query does not ask`)
    if (!Array.isArray(presentations) || presentations.length !== 1 || typeof presentations[0] !== 'string') {
      return fail('vp-token', `vp_token's “${id.slice(0, 40)}” is not an array of one presentation`)
    }
  }
  pass('vp-token', `answers ${entries.map(([id]) => id).join(', ')}`)

  const credentials: Record<string, { holder: string; claims: Record<string, unknown> }> = {}
  const several = entries.length > 1
  for (const [id, presentations] of entries) {
    const checked = await checkPresentation((presentations as string[])[0] as string, {
      nonce: pending.nonce,
      audience: pending.clientId,
      now: Math.floor(now.getTime() / 1000),
      ...(options.skewSeconds === undefined ? {} : { skewSeconds: options.skewSeconds }),
      ...(options.maxAgeSeconds === undefined ? {} : { maxAgeSeconds: options.maxAgeSeconds })
    })
    for (const check of checked.checks) {
      const detail = several ? `“${id}”: ${check.detail}` : check.detail
      if (check.status === 'fail') return fail(check.name, detail)
      pass(check.name, detail)
    }
    credentials[id] = { holder: checked.holder as string, claims: checked.claims as Record<string, unknown> }
  }

  const presented = Object.fromEntries(
    Object.entries(credentials).map(([id, credential]) => [
      id,
      { credential_format: SD_JWT_VC_FORMAT, vct: MEVAULT_VCT, claims: credential.claims, cryptographic_holder_binding: true }
    ])
  )
  let satisfied: boolean
  try {
    satisfied = DcqlPresentationResult.fromDcqlPresentation(presented as never, { dcqlQuery: query }).can_be_satisfied
  } catch {
    satisfied = false
  }
  if (!satisfied) {
    const missing = missingClaims(query, credentials)
    return fail('dcql', `the disclosed claims do not satisfy the query${missing.length ? ` (not disclosed: ${missing.join(', ')})` : ''}`)
  }
  pass('dcql', 'the disclosed claims satisfy the query')

  const holders = [...new Set(Object.values(credentials).map((credential) => credential.holder))]
  if (holders.length > 1) return fail('holder-binding', 'the credentials are held by different keys')
  const disclosed: Record<string, unknown> = {}
  for (const credential of Object.values(credentials)) Object.assign(disclosed, flatClaims(credential.claims))
  // In the order the query asks for them, whatever order the wallet disclosed them in.
  const asked = query.credentials.flatMap((credential) => (credential.claims ?? []).map((claim) => ((claim as { path?: unknown[] }).path ?? []).join('.')))
  const claims: Record<string, unknown> = {}
  for (const name of [...asked, ...Object.keys(disclosed)]) if (name in disclosed && !(name in claims)) claims[name] = disclosed[name]
  return { valid: true, checks, claims, credentials, holder: holders[0], notice: SELF_ASSERTED_NOTICE }
}

async function openResponse(
  body: string,
  pending: PendingRequest
): Promise<{ vpToken: unknown; state: unknown } | { problem: string }> {
  const form = new URLSearchParams(body)
  if (pending.responseMode === 'direct_post') {
    const text = form.get('vp_token')
    if (text === null) return { problem: 'the form has no vp_token' }
    try {
      return { vpToken: JSON.parse(text) as unknown, state: form.get('state') ?? undefined }
    } catch {
      return { problem: 'vp_token is not JSON' }
    }
  }
  const jwe = form.get('response')
  if (jwe === null) return { problem: 'this request wants an encrypted answer (direct_post.jwt), and the form has no response' }
  if (!pending.encryptionKey) return { problem: 'the request’s decryption key is not kept' }
  let plaintext: Uint8Array
  try {
    const key = await importJWK(pending.encryptionKey as JWK, 'ECDH-ES')
    plaintext = (await compactDecrypt(jwe, key, { keyManagementAlgorithms: ['ECDH-ES'], contentEncryptionAlgorithms: ['A128GCM', 'A256GCM'] })).plaintext
  } catch {
    return { problem: 'the encrypted response does not open with this request’s key (altered, or meant for another)' }
  }
  try {
    const parameters = JSON.parse(new TextDecoder().decode(plaintext)) as { vp_token?: unknown; state?: unknown }
    return { vpToken: parameters.vp_token, state: parameters.state }
  } catch {
    return { problem: 'the decrypted response is not JSON' }
  }
}

/** address: {locality} → address.locality; other claims as they are. */
export function flatClaims(claims: Record<string, unknown>): Record<string, unknown> {
  const flat: Record<string, unknown> = {}
  for (const [name, value] of Object.entries(claims)) {
    if (name === 'address' && typeof value === 'object' && value !== null && !Array.isArray(value)) {
      for (const [member, memberValue] of Object.entries(value)) flat[`address.${member}`] = memberValue
    } else flat[name] = value
  }
  return flat
}

/** The claim paths of the last (smallest, by the kit's convention) claim set, or all claims, a credential did not disclose. */
function missingClaims(query: DcqlQuery, credentials: Record<string, { claims: Record<string, unknown> }>): string[] {
  const missing: string[] = []
  for (const credential of query.credentials) {
    const held = credentials[credential.id]?.claims ?? {}
    const last = credential.claim_sets?.[credential.claim_sets.length - 1]
    const wanted = last ? (credential.claims ?? []).filter((claim) => last.includes(claim.id ?? '')) : (credential.claims ?? [])
    for (const claim of wanted) {
      const path = (claim as { path?: unknown[] }).path ?? []
      let value: unknown = held
      for (const part of path) value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[String(part)] : undefined
      if (value === undefined) missing.push(path.join('.'))
    }
  }
  return missing
}
