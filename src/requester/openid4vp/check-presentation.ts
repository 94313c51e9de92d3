import { createHash } from 'node:crypto'
import { compactVerify, decodeJwt, decodeProtectedHeader, importJWK, type JWK } from 'jose'
import { MEVAULT_VCT } from './dcql-query.js'
import { keyOfDidKey, sameKey } from './holder-key.js'

/**
 * Every check a verifier owes one SD-JWT VC presentation from MeVault (RFC 9901, SD-JWT VC), done
 * here with jose rather than left to @sd-jwt/core 0.19, which skips the KB-JWT's aud and iat and
 * silently drops disclosures no digest references (see test/helpers/openid4vp-verifier.ts):
 * the issuer's signature by the did:key in `iss` (Ed25519 or P-256), `typ` dc+sd-jwt, `vct`,
 * every disclosure referenced by exactly one digest, `cnf.jwk` the holder's own key, the KB-JWT
 * signed by it with the request's nonce, the full client_id as aud, a recent iat and the sd_hash
 * of the presentation. The first check that fails ends it; none throws.
 */
export type PresentationCheckName =
  | 'issuer-signature'
  | 'typ'
  | 'vct'
  | 'credential-time'
  | 'disclosures'
  | 'holder-binding'
  | 'key-binding'
  | 'nonce'
  | 'audience'
  | 'kb-time'
  | 'sd-hash'

export interface Check<Name extends string = string> {
  name: Name
  status: 'pass' | 'fail'
  detail: string
}

export interface PresentationExpectations {
  nonce: string
  /** The full client_id, prefix included. */
  audience: string
  /** Seconds since the epoch. */
  now: number
  /** How far in the future an iat may be (clocks differ). Default 60 s. */
  skewSeconds?: number
  /** How old the KB-JWT may be. Default 300 s. */
  maxAgeSeconds?: number
}

export interface CheckedPresentation {
  checks: Check<PresentationCheckName>[]
  ok: boolean
  /** When ok: the holder (= issuer: the credential is self-issued) did:key, and the disclosed claims as JSON. */
  holder?: string
  claims?: Record<string, unknown>
}

const SD_JWT_VC_TYP = 'dc+sd-jwt'
const KB_JWT_TYP = 'kb+jwt'
/** Claims of the credential itself, not of the person. */
const REGISTERED = new Set(['iss', 'iat', 'nbf', 'exp', 'vct', 'vct#integrity', 'cnf', 'status', 'sub', '_sd_alg'])

class Failed extends Error {
  constructor(
    readonly check: PresentationCheckName,
    detail: string
  ) {
    super(detail)
  }
}

export async function checkPresentation(presentation: string, expected: PresentationExpectations): Promise<CheckedPresentation> {
  const checks: Check<PresentationCheckName>[] = []
  const pass = (name: PresentationCheckName, detail: string): void => void checks.push({ name, status: 'pass', detail })
  try {
    const result = await run(presentation, expected, pass)
    return { checks, ok: true, ...result }
  } catch (error) {
    if (!(error instanceof Failed)) throw error
    checks.push({ name: error.check, status: 'fail', detail: error.message })
    return { checks, ok: false }
  }
}

async function run(
  presentation: string,
  expected: PresentationExpectations,
  pass: (name: PresentationCheckName, detail: string) => void
): Promise<{ holder: string; claims: Record<string, unknown> }> {
  const skew = expected.skewSeconds ?? 60
  const maxAge = expected.maxAgeSeconds ?? 300
  const parts = presentation.split('~')
  const issuerJwt = parts[0] ?? ''
  const kbJwt = parts[parts.length - 1] ?? ''
  const encodedDisclosures = parts.slice(1, -1)

  // The issuer: the did:key in iss signed it.
  let header: Record<string, unknown>
  let payload: Record<string, unknown>
  try {
    header = decodeProtectedHeader(issuerJwt) as Record<string, unknown>
    payload = decodeJwt(issuerJwt) as Record<string, unknown>
  } catch {
    throw new Failed('issuer-signature', 'the credential is not an SD-JWT (no readable issuer JWT)')
  }
  const issuer = typeof payload.iss === 'string' ? payload.iss : ''
  const issuerKey = keyOfDidKey(issuer)
  if (!issuerKey) throw new Failed('issuer-signature', 'the issuer (iss) is not an Ed25519 or P-256 did:key')
  if (header.alg !== issuerKey.alg) throw new Failed('issuer-signature', `signed with ${String(header.alg).slice(0, 12)}, not ${issuerKey.alg} as its did:key needs`)
  try {
    await compactVerify(issuerJwt, issuerKey.key, { algorithms: [issuerKey.alg] })
  } catch {
    throw new Failed('issuer-signature', `the issuer's signature does not verify with ${issuer}: the credential was altered`)
  }
  pass('issuer-signature', `signed by ${issuer} (${issuerKey.alg})`)
  if (header.typ !== SD_JWT_VC_TYP) throw new Failed('typ', `the credential's typ is ${JSON.stringify(String(header.typ ?? '(none)').slice(0, 30))}, not ${SD_JWT_VC_TYP}`)
  pass('typ', SD_JWT_VC_TYP)
  if (payload.vct !== MEVAULT_VCT) throw new Failed('vct', `the credential's type is ${JSON.stringify(String(payload.vct ?? '(none)').slice(0, 60))}, not ${MEVAULT_VCT}`)
  pass('vct', MEVAULT_VCT)
  const iat = payload.iat
  if (typeof iat !== 'number' || iat > expected.now + skew) throw new Failed('credential-time', 'the credential is issued in the future or gives no iat')
  if (typeof payload.exp === 'number' && payload.exp < expected.now - skew) throw new Failed('credential-time', 'the credential has expired')
  pass('credential-time', `issued ${new Date(iat * 1000).toISOString()}`)

  // Disclosures: each referenced by exactly one digest reachable from the signed payload.
  if (payload._sd_alg !== 'sha-256') throw new Failed('disclosures', 'the credential does not use sha-256 digests (_sd_alg)')
  const byDigest = new Map<string, [string, unknown]>()
  for (const encoded of encodedDisclosures) {
    const decoded = decodeDisclosure(encoded)
    const digest = sha256(encoded)
    if (byDigest.has(digest)) throw new Failed('disclosures', 'the same disclosure is presented twice')
    byDigest.set(digest, decoded)
  }
  const used = new Set<string>()
  const claims = reveal(payload, byDigest, used, true) as Record<string, unknown>
  const unreferenced = encodedDisclosures.length - used.size
  if (unreferenced > 0) {
    throw new Failed('disclosures', `${unreferenced} disclosure${unreferenced === 1 ? ' is' : 's are'} referenced by no digest of the signed credential (changed or added)`)
  }
  pass('disclosures', `${used.size} disclosure${used.size === 1 ? '' : 's'}, each referenced by a signed digest`)

  // Holder binding: the key in cnf.jwk is the holder's; self-issued, so it is the issuer's own.
  const cnf = payload.cnf as { jwk?: unknown } | undefined
  if (typeof cnf?.jwk !== 'object' || cnf.jwk === null) throw new Failed('holder-binding', 'the credential names no holder key (cnf.jwk)')
  if (!sameKey(cnf.jwk, issuerKey.key)) throw new Failed('holder-binding', 'the holder key (cnf.jwk) is not the issuer’s own: not a self-issued MeVault credential')
  pass('holder-binding', 'cnf.jwk is the key of the issuer’s did:key')

  // Key binding: the holder signed this presentation for this request, just now.
  if (!kbJwt || parts.length < 2) throw new Failed('key-binding', 'the presentation has no key binding JWT (KB-JWT)')
  let kbHeader: Record<string, unknown>
  try {
    kbHeader = decodeProtectedHeader(kbJwt) as Record<string, unknown>
  } catch {
    throw new Failed('key-binding', 'the key binding JWT is not readable')
  }
  if (kbHeader.typ !== KB_JWT_TYP) throw new Failed('key-binding', `the key binding JWT's typ is not ${KB_JWT_TYP}`)
  let kb: Record<string, unknown>
  try {
    const key = await importJWK(cnf.jwk as JWK, issuerKey.alg)
    kb = JSON.parse(new TextDecoder().decode((await compactVerify(kbJwt, key, { algorithms: [issuerKey.alg] })).payload)) as Record<string, unknown>
  } catch {
    throw new Failed('key-binding', 'the key binding JWT is not signed by the holder key (cnf.jwk)')
  }
  pass('key-binding', 'signed by the holder key')
  if (kb.nonce !== expected.nonce) throw new Failed('nonce', 'the key binding JWT carries another nonce than this request’s: an answer to another request, or replayed')
  pass('nonce', 'the request’s nonce')
  if (kb.aud !== expected.audience) throw new Failed('audience', `the presentation is addressed to ${JSON.stringify(String(kb.aud).slice(0, 100))}, not ${expected.audience}`)
  pass('audience', expected.audience)
  if (typeof kb.iat !== 'number') throw new Failed('kb-time', 'the key binding JWT gives no iat')
  if (kb.iat > expected.now + skew) throw new Failed('kb-time', 'the key binding JWT is dated in the future')
  if (kb.iat < expected.now - maxAge) throw new Failed('kb-time', `the key binding JWT is older than ${maxAge} s: presented too long ago, or replayed`)
  pass('kb-time', `presented ${new Date(kb.iat * 1000).toISOString()}`)
  const presented = presentation.slice(0, presentation.length - kbJwt.length)
  if (kb.sd_hash !== sha256(presented)) throw new Failed('sd-hash', 'the key binding JWT’s sd_hash does not match the presentation: disclosures were changed, added or removed')
  pass('sd-hash', 'matches the presentation')
  return { holder: issuer, claims }
}

function decodeDisclosure(encoded: string): [string, unknown] {
  let decoded: unknown
  try {
    decoded = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8'))
  } catch {
    throw new Failed('disclosures', 'a disclosure is not base64url JSON')
  }
  if (!Array.isArray(decoded) || decoded.length !== 3 || typeof decoded[0] !== 'string' || typeof decoded[1] !== 'string') {
    throw new Failed('disclosures', 'a disclosure is not a [salt, name, value] triple (array elements are not used by this credential)')
  }
  const name = decoded[1]
  if (name === '_sd' || name === '...' || name === '_sd_alg') throw new Failed('disclosures', `a disclosure uses the reserved name ${name}`)
  return [name, decoded[2]]
}

/** The object with its presented disclosures put in place (recursively), and `_sd` removed. */
function reveal(value: unknown, byDigest: Map<string, [string, unknown]>, used: Set<string>, top = false): unknown {
  if (Array.isArray(value)) return value.map((item) => reveal(item, byDigest, used))
  if (typeof value !== 'object' || value === null) return value
  const out: Record<string, unknown> = {}
  for (const [name, member] of Object.entries(value)) {
    if (name === '_sd' || (top && REGISTERED.has(name))) continue
    out[name] = reveal(member, byDigest, used)
  }
  const digests = (value as { _sd?: unknown })._sd
  if (digests !== undefined && !Array.isArray(digests)) throw new Failed('disclosures', '_sd is not an array of digests')
  for (const digest of (digests ?? []) as unknown[]) {
    const disclosure = typeof digest === 'string' ? byDigest.get(digest) : undefined
    if (!disclosure) continue
    if (used.has(digest as string)) throw new Failed('disclosures', 'a digest appears twice')
    used.add(digest as string)
    const [name, disclosed] = disclosure
    if (name in out || (top && REGISTERED.has(name))) throw new Failed('disclosures', `the disclosure of ${name} would overwrite a claim`)
    out[name] = reveal(disclosed, byDigest, used)
  }
  return out
}

/** base64url(SHA-256(ASCII(text))): a disclosure's digest, and the KB-JWT's sd_hash. */
function sha256(text: string): string {
  return createHash('sha256').update(text, 'ascii').digest('base64url')
}
