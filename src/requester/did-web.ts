import { badInput } from '../shared/errors.js'

/**
 * The domain binding (docs/formats/requester-binding.md): a did:web document at
 * `https://HOST/.well-known/did.json` that lists the requester's did:key under assertionMethod.
 * MeVault shows "Verified: HOST" only when it finds the request's key there.
 */

export const DID_DOCUMENT_PATH = '.well-known/did.json'

/** did:web of a requester url: its host, and its port `%3A`-encoded when not 443. */
export function didWebOf(requesterUrl: string): string {
  const url = parseHttpsUrl(requesterUrl)
  return `did:web:${url.hostname}${url.port ? `%3A${url.port}` : ''}`
}

/** The DID document to publish at `https://HOST/.well-known/did.json`. */
export function didDocument(requesterUrl: string, requesterId: string): Record<string, unknown> {
  if (!requesterId.startsWith('did:key:z6Mk')) throw badInput('The requester id must be an Ed25519 did:key')
  const did = didWebOf(requesterUrl)
  const method = `${did}#key-1`
  return {
    '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'],
    id: did,
    verificationMethod: [
      { id: method, type: 'Multikey', controller: did, publicKeyMultibase: requesterId.slice('did:key:'.length) }
    ],
    assertionMethod: [method]
  }
}

/** The requester url as a URL: https, a host name, no user-info (it would hide the real host). */
export function parseHttpsUrl(text: string): URL {
  let url: URL
  try {
    url = new URL(text)
  } catch {
    throw badInput(`The url ${JSON.stringify(text.slice(0, 80))} is not an absolute https:// address`)
  }
  if (url.protocol !== 'https:') throw badInput('The requester url must be an https:// address')
  if (url.username || url.password) throw badInput('The requester url must not carry a user name or password')
  return url
}
