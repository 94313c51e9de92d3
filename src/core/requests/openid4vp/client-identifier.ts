import { X509Certificate, createPublicKey, type KeyObject } from 'node:crypto'
import { rootCertificates } from 'node:tls'
import { badInput } from '../../../shared/errors.js'
import { publicKeyFromDidKey } from '../../crypto/did-key.js'
import { DID_KEY_PATTERN } from '../request-schema.js'
import type { BindingCheck } from '../requester-identity/index.js'

/**
 * Who an OpenID4VP verifier is, by its client identifier's prefix (OpenID4VP 1.0 §5.9). Three are
 * accepted; every other prefix, and a bare pre-registered identifier, is refused by name, because
 * MeVault has nothing to check it against.
 *  - `redirect_uri:`: unsigned; the value must be the response_uri; shown as that host, unverified.
 *  - `decentralized_identifier:`: signed by the DID's key; did:key is a key only, did:web a domain
 *    verified through its did.json (the same check as MeVault requests, requester-identity).
 *  - `x509_san_dns:`: signed with the leaf of an x5c chain that reaches a trusted CA; the DNS name
 *    is one of the leaf's SAN names, and is shown as verified.
 */
export type ClientIdPrefix = 'redirect_uri' | 'decentralized_identifier' | 'x509_san_dns'

export interface ClientIdentifier {
  /** The full client_id, prefix included: the KB-JWT's aud. */
  clientId: string
  prefix: ClientIdPrefix
  /** The part after the prefix. */
  value: string
}

/** What the person is shown about who asks. */
export type VerifierIdentity =
  | { kind: 'unverified-host'; host: string }
  | { kind: 'did-key'; did: string }
  | { kind: 'verified-domain'; domain: string; method: 'did:web' | 'x509_san_dns' }

const PREFIXES: readonly ClientIdPrefix[] = ['redirect_uri', 'decentralized_identifier', 'x509_san_dns']
const KNOWN_REFUSED = ['x509_hash', 'verifier_attestation', 'openid_federation', 'origin']

export function parseClientId(clientId: unknown): ClientIdentifier {
  if (typeof clientId !== 'string' || clientId.length === 0 || clientId.length > 2048) {
    throw badInput('the request has no client_id')
  }
  const colon = clientId.indexOf(':')
  const prefix = colon > 0 ? clientId.slice(0, colon) : ''
  if ((PREFIXES as readonly string[]).includes(prefix)) {
    return { clientId, prefix: prefix as ClientIdPrefix, value: clientId.slice(colon + 1) }
  }
  // A DNS name or URL as client_id (no registered prefix) reads as "https" or "example.com" here.
  const named = KNOWN_REFUSED.includes(prefix) || /^[a-z][a-z0-9_-]{0,39}$/.test(prefix) && !['http', 'https'].includes(prefix)
    ? `the client identifier prefix "${prefix}:"`
    : 'a client_id without a prefix (a verifier pre-registered elsewhere)'
  throw badInput(`${named} is not accepted; MeVault accepts redirect_uri:, decentralized_identifier: and x509_san_dns:`)
}

/** The key a request object signed under `decentralized_identifier:` must verify with. */
export interface DidSigner {
  did: string
  publicKey: KeyObject
  /** For did:web: the did:key of the listed key and the domain, to check against the did.json. */
  didWeb?: { domain: string; didKey: string }
}

/**
 * The key named by a request object's `kid` for a decentralized_identifier: client. did:key gives its
 * own key; did:web needs its document, fetched by `documentOf` (the requester-identity check).
 */
export async function didSigner(
  did: string,
  kid: unknown,
  checkDidWeb: (domain: string, didKey: string) => Promise<BindingCheck>,
  documentOf: (domain: string) => Promise<unknown>
): Promise<{ signer: DidSigner; identity: VerifierIdentity }> {
  if (typeof kid !== 'string' || !(kid === did || kid.startsWith(`${did}#`))) {
    throw badInput('the request object’s kid does not name a key of its client_id’s DID')
  }
  if (did.startsWith('did:key:')) {
    if (!DID_KEY_PATTERN.test(did)) throw badInput('only Ed25519 did:key identifiers are accepted (did:key:z6Mk…)')
    return { signer: { did, publicKey: ed25519Key(publicKeyFromDidKey(did)) }, identity: { kind: 'did-key', did } }
  }
  if (did.startsWith('did:web:')) {
    const domain = decodeURIComponent(did.slice('did:web:'.length))
    if (!/^[a-z0-9.-]+(:[0-9]{1,5})?$/i.test(domain)) {
      throw badInput('only did:web identifiers of a bare domain are accepted (did:web:example.com)')
    }
    const document = await documentOf(domain)
    const multibase = listedMultibase(document, kid)
    if (!multibase) throw badInput(`the DID document of ${did} lists no Ed25519 key ${kid}`)
    const didKey = `did:key:${multibase}`
    if (!DID_KEY_PATTERN.test(didKey)) throw badInput(`the key ${kid} is not an Ed25519 key`)
    const bound = await checkDidWeb(domain, didKey)
    if (bound.state !== 'verified') throw badInput(`${did} could not be verified: ${bound.reason}`)
    return {
      signer: { did, publicKey: ed25519Key(publicKeyFromDidKey(didKey)), didWeb: { domain, didKey } },
      identity: { kind: 'verified-domain', domain: bound.domain, method: 'did:web' }
    }
  }
  throw badInput(`the DID method of ${did.split(':').slice(0, 2).join(':')} is not accepted; did:key and did:web are`)
}

function listedMultibase(document: unknown, kid: string): string | undefined {
  if (typeof document !== 'object' || document === null) return undefined
  const methods = (document as { verificationMethod?: unknown }).verificationMethod
  if (!Array.isArray(methods)) return undefined
  const id = (document as { id?: unknown }).id
  for (const method of methods as Record<string, unknown>[]) {
    const methodId = typeof method?.id === 'string' && method.id.startsWith('#') ? `${String(id)}${method.id}` : method?.id
    if (methodId === kid && typeof method.publicKeyMultibase === 'string') return method.publicKeyMultibase
  }
  return undefined
}

function ed25519Key(raw: Uint8Array): KeyObject {
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(raw).toString('base64url') }, format: 'jwk' })
}

/**
 * The leaf key of an x5c chain (base64 DER, leaf first) that reaches one of `anchors` (PEM) or the
 * system's roots, each certificate in date, and whose leaf carries `dnsName` as a SAN DNS name.
 */
export function x509Signer(x5c: unknown, dnsName: string, anchors: readonly string[], now = new Date()): KeyObject {
  if (!Array.isArray(x5c) || x5c.length === 0 || x5c.length > 10 || !x5c.every((entry) => typeof entry === 'string')) {
    throw badInput('the request object carries no x5c certificate chain')
  }
  let chain: X509Certificate[]
  try {
    chain = (x5c as string[]).map((entry) => new X509Certificate(Buffer.from(entry, 'base64')))
  } catch {
    throw badInput('the request object’s x5c holds something that is not an X.509 certificate')
  }
  const leaf = chain[0] as X509Certificate
  if (leaf.checkHost(dnsName, { wildcards: false, subject: 'never' }) !== dnsName) {
    throw badInput(`the request object’s certificate is not for ${dnsName}`)
  }
  for (const certificate of chain) {
    if (new Date(certificate.validFrom) > now || new Date(certificate.validTo) < now) {
      throw badInput('a certificate of the request object’s chain is expired or not yet valid')
    }
  }
  for (let index = 0; index + 1 < chain.length; index += 1) {
    const issuer = chain[index + 1] as X509Certificate
    if (!issuer.ca || !(chain[index] as X509Certificate).verify(issuer.publicKey)) {
      throw badInput('the request object’s certificate chain does not hold together')
    }
  }
  const last = chain[chain.length - 1] as X509Certificate
  const trusted = [...anchors, ...rootCertificates].some((pem) => {
    try {
      const anchor = new X509Certificate(pem)
      return anchor.ca && (anchor.fingerprint256 === last.fingerprint256 || (last.checkIssued(anchor) && last.verify(anchor.publicKey)))
    } catch {
      return false
    }
  })
  if (!trusted) throw badInput(`the certificate for ${dnsName} does not chain to a trusted certificate authority`)
  return leaf.publicKey
}
