import { didKeySchema } from '../request-schema.js'

/**
 * did:web, as MeVault uses it to bind a requester's key to its domain (docs/formats/requester-binding.md):
 * where the DID document of a requester's url is, and whether a document lists a key.
 */

/** The did:web of a requester's url, where its document is, and the domain a binding verifies. */
export interface DidWebTarget {
  did: string
  documentUrl: string
  /** Host as the URL standard gives it (lowercase, punycode), with a port other than 443. */
  domain: string
}

export function didWebTarget(requesterUrl: string): DidWebTarget {
  const url = new URL(requesterUrl)
  // URL drops the default port (443) itself, so `host` carries a port only when it is another one.
  const domain = url.host
  const did = `did:web:${url.hostname}${url.port ? `%3A${url.port}` : ''}`
  return { did, documentUrl: `https://${domain}/.well-known/did.json`, domain }
}

export type BindingInDocument = { holds: true } | { holds: false; reason: string }

/** Key types whose publicKeyMultibase is the did:key's `z6Mk…` part (multicodec Ed25519). */
const KEY_TYPES = new Set(['Multikey', 'Ed25519VerificationKey2020'])

/** Whether `document` is the did:web document `did` and lists `didKey` under assertionMethod. */
export function bindingInDocument(document: unknown, did: string, didKey: string): BindingInDocument {
  if (!didKeySchema.safeParse(didKey).success) return { holds: false, reason: 'the request’s key is not an Ed25519 did:key' }
  if (!isObject(document)) return { holds: false, reason: 'the domain’s did.json is not a JSON object' }
  if (document.id !== did) return { holds: false, reason: `the domain’s did.json is not the document of ${did}` }
  const multibase = didKey.slice('did:key:'.length)
  const methods = new Map<string, unknown>()
  for (const method of asArray(document.verificationMethod)) {
    if (isObject(method) && typeof method.id === 'string') methods.set(absoluteId(method.id, did), method)
  }
  for (const entry of asArray(document.assertionMethod)) {
    const method = typeof entry === 'string' ? methods.get(absoluteId(entry, did)) : entry
    if (listsKey(method, did, multibase)) return { holds: true }
  }
  return { holds: false, reason: 'the domain does not list this request’s key under assertionMethod' }
}

function listsKey(method: unknown, did: string, multibase: string): boolean {
  if (!isObject(method) || typeof method.type !== 'string' || !KEY_TYPES.has(method.type)) return false
  if (method.controller !== undefined && method.controller !== did) return false
  return method.publicKeyMultibase === multibase
}

/** "#key-1" is relative to the document's DID; a full id stays as it is. */
function absoluteId(id: string, did: string): string {
  return id.startsWith('#') ? `${did}${id}` : id
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : []
}

/**
 * The did.json a requester publishes at its url's host to bind `didKey` to it (the document of
 * docs/formats/requester-binding.md, one key).
 */
export function didWebDocument(requesterUrl: string, didKey: string): Record<string, unknown> {
  const { did } = didWebTarget(requesterUrl)
  const keyId = `${did}#key-1`
  return {
    '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'],
    id: did,
    verificationMethod: [{ id: keyId, type: 'Multikey', controller: did, publicKeyMultibase: didKey.slice('did:key:'.length) }],
    assertionMethod: [keyId]
  }
}
