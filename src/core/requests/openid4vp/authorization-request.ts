import { readFileSync } from 'node:fs'
import { compactVerify, decodeProtectedHeader, type KeyObject } from 'jose'
import { badInput } from '../../../shared/errors.js'
import { lookupFromEnvironment, webRequest, type WebDependencies, type WebResponse } from '../../net/web-request.js'
import { BindingChecker, sharedBindingChecker } from '../requester-identity/index.js'
import { MAX_DID_DOCUMENT_BYTES } from '../requester-identity/binding-check.js'
import { didSigner, parseClientId, x509Signer, type ClientIdentifier, type VerifierIdentity } from './client-identifier.js'
import { parametersFromText, type RawParameters } from './request-input.js'

/**
 * Reads an OpenID4VP 1.0 authorization request (docs/formats/openid4vp.md): by value, as a signed
 * request object (`request`), or by reference (`request_uri`, fetched once, https only, no
 * redirects). For a signed request only the parameters inside the signature count. What comes out
 * has been checked: a supported client identifier, `vp_token`, `direct_post`(`.jwt`), an https
 * response_uri, a nonce, a DCQL query (evaluated by ./dcql-evaluation.ts), no transaction_data.
 */
export interface AuthorizationRequest {
  client: ClientIdentifier
  verifier: VerifierIdentity
  responseUri: string
  responseMode: 'direct_post' | 'direct_post.jwt'
  nonce: string
  state?: string
  dcqlQuery: Record<string, unknown>
  clientMetadata?: Record<string, unknown>
  /** How it came: signed or not, and from where. */
  delivery: { signed: boolean; requestUri?: string }
}

export interface ReadOptions {
  web?: WebDependencies
  /** The did:web check (the shared one by default, with its cache). */
  bindingChecker?: BindingChecker
  now?: () => Date
}

export const REQUEST_OBJECT_TYP = 'oauth-authz-req+jwt'
const MAX_REQUEST_OBJECT_BYTES = 128 * 1024
const REQUEST_URI_TIMEOUT_MS = 5_000
const SIGNING_ALGORITHMS = ['EdDSA', 'Ed25519', 'ES256', 'ES384', 'ES512', 'PS256', 'RS256']

/** `text` is a link, or the content of a file holding a link or JSON parameters. */
export async function readAuthorizationRequest(text: string, options: ReadOptions = {}): Promise<AuthorizationRequest> {
  const web = { lookup: lookupFromEnvironment(), ...options.web }
  const outer = parametersFromText(text)
  const client = parseClientId(outer.client_id)
  if (outer.request !== undefined && outer.request_uri !== undefined) {
    throw badInput('the request gives both request and request_uri; only one may be used')
  }
  if (outer.request_uri !== undefined) {
    const { requestUri, requestObject } = await fetchRequestObject(outer, web)
    const signed = await verifiedRequestObject(requestObject, client, web, options)
    return checkedParameters(signed.parameters, client, signed.verifier, { signed: true, requestUri })
  }
  if (outer.request !== undefined) {
    const signed = await verifiedRequestObject(outer.request, client, web, options)
    return checkedParameters(signed.parameters, client, signed.verifier, { signed: true })
  }
  if (client.prefix !== 'redirect_uri') {
    throw badInput(`a request from a ${client.prefix}: client must be signed (request or request_uri); this one is not`)
  }
  return checkedParameters(outer, client, { kind: 'unverified-host', host: hostOf(client.value) }, { signed: false })
}

/**
 * Fetches the request object a by-reference request points at (once: a verifier may hand it out
 * only once), https only, no redirects followed. Its signature is checked by the reader.
 */
async function fetchRequestObject(outer: RawParameters, web: WebDependencies): Promise<{ requestUri: string; requestObject: string }> {
  const requestUri = httpsAddress(outer.request_uri, 'request_uri')
  if (outer.request_uri_method !== undefined && outer.request_uri_method !== 'get') {
    throw badInput(`request_uri_method "${String(outer.request_uri_method).slice(0, 20)}" is not supported; only get is`)
  }
  const fetched = await webRequest(
    { url: requestUri, method: 'GET', headers: { accept: 'application/oauth-authz-req+jwt' }, timeoutMs: REQUEST_URI_TIMEOUT_MS, maxResponseBytes: MAX_REQUEST_OBJECT_BYTES },
    web
  )
  if (!fetched.ok) throw badInput(`the request at ${new URL(requestUri).host} could not be fetched: ${fetched.detail}`)
  return { requestUri, requestObject: fetched.body.toString('utf8').trim() }
}

/**
 * A request as a by-value text: a by-reference one fetched now, so that reading it for the
 * consent screen and answering it later use the very same request, fetched once. Anything else
 * is returned as given. `from` is where it was fetched.
 */
export async function requestByValue(text: string, options: Pick<ReadOptions, 'web'> = {}): Promise<{ text: string; from?: string }> {
  const outer = parametersFromText(text)
  if (outer.request_uri === undefined) return { text }
  parseClientId(outer.client_id)
  const { requestUri, requestObject } = await fetchRequestObject(outer, { lookup: lookupFromEnvironment(), ...options.web })
  return { text: JSON.stringify({ client_id: outer.client_id, request: requestObject }), from: requestUri }
}

async function verifiedRequestObject(
  jwt: unknown,
  client: ClientIdentifier,
  web: WebDependencies,
  options: ReadOptions
): Promise<{ parameters: RawParameters; verifier: VerifierIdentity }> {
  if (typeof jwt !== 'string' || jwt.split('.').length !== 3) {
    throw badInput('the request object is not a signed JWT (an encrypted or malformed one is not accepted)')
  }
  if (client.prefix === 'redirect_uri') throw badInput('a redirect_uri: client cannot sign its request; a signed one is refused')
  let header: Record<string, unknown>
  try {
    header = decodeProtectedHeader(jwt) as Record<string, unknown>
  } catch {
    throw badInput('the request object’s header is not readable')
  }
  if (header.typ !== REQUEST_OBJECT_TYP) throw badInput(`the request object’s typ is not ${REQUEST_OBJECT_TYP}`)
  if (typeof header.alg !== 'string' || !SIGNING_ALGORITHMS.includes(header.alg)) {
    throw badInput(`the request object’s signature algorithm ${JSON.stringify(String(header.alg).slice(0, 20))} is not accepted`)
  }
  let key: KeyObject
  let verifier: VerifierIdentity
  if (client.prefix === 'decentralized_identifier') {
    // The app's shared checker (its did.json cache) unless the caller brings its own network.
    const checker = options.bindingChecker ?? (options.web ? new BindingChecker({ web }) : sharedBindingChecker())
    const found = await didSigner(
      client.value,
      header.kid,
      (domain, didKey) => checker.check(`https://${domain}/`, didKey),
      (domain) => didDocument(domain, web)
    )
    key = found.signer.publicKey
    verifier = found.identity
  } else {
    key = x509Signer(header.x5c, client.value, extraAnchors(web), options.now?.() ?? new Date())
    verifier = { kind: 'verified-domain', domain: client.value, method: 'x509_san_dns' }
  }
  let payload: Uint8Array
  try {
    payload = (await compactVerify(jwt, key, { algorithms: SIGNING_ALGORITHMS })).payload
  } catch {
    throw badInput('the request object’s signature does not verify with its client’s key; refused')
  }
  let parameters: unknown
  try {
    parameters = JSON.parse(new TextDecoder().decode(payload))
  } catch {
    throw badInput('the request object’s payload is not JSON')
  }
  if (typeof parameters !== 'object' || parameters === null || Array.isArray(parameters)) {
    throw badInput('the request object’s payload is not a JSON object')
  }
  const inner = parameters as RawParameters
  if (inner.client_id !== client.clientId) throw badInput('the client_id inside the signed request differs from the one outside it')
  const now = Math.floor((options.now?.() ?? new Date()).getTime() / 1000)
  if (typeof inner.exp === 'number' && inner.exp < now) throw badInput('the signed request has expired')
  return { parameters: inner, verifier }
}

async function didDocument(domain: string, web: WebDependencies): Promise<unknown> {
  const response: WebResponse = await webRequest(
    { url: `https://${domain}/.well-known/did.json`, method: 'GET', maxResponseBytes: MAX_DID_DOCUMENT_BYTES, timeoutMs: REQUEST_URI_TIMEOUT_MS },
    web
  )
  if (!response.ok) throw badInput(`the DID document of ${domain} could not be fetched: ${response.detail}`)
  try {
    return JSON.parse(response.body.toString('utf8')) as unknown
  } catch {
    throw badInput(`the DID document of ${domain} is not JSON`)
  }
}

/** The extra trust anchors: the caller's, or NODE_EXTRA_CA_CERTS's file, which Node adds for TLS too. */
function extraAnchors(web: WebDependencies): string[] {
  const given = web.ca === undefined ? [] : (Array.isArray(web.ca) ? web.ca : [web.ca]).map((entry) => entry.toString())
  const file = process.env.NODE_EXTRA_CA_CERTS
  if (given.length > 0 || !file) return splitPem(given.join('\n'))
  try {
    return splitPem(readFileSync(file, 'utf8'))
  } catch {
    return []
  }
}

function splitPem(text: string): string[] {
  return text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? []
}

function checkedParameters(
  parameters: RawParameters,
  client: ClientIdentifier,
  verifier: VerifierIdentity,
  delivery: AuthorizationRequest['delivery']
): AuthorizationRequest {
  if (parameters.transaction_data !== undefined) {
    throw badInput('the request carries transaction_data (asking to authorise a transaction), which MeVault does not do; refused')
  }
  if (parameters.presentation_definition !== undefined || parameters.presentation_definition_uri !== undefined) {
    throw badInput('the request uses a Presentation Exchange definition; MeVault answers DCQL queries (dcql_query) only')
  }
  if (parameters.response_type !== 'vp_token') {
    throw badInput(`response_type must be vp_token; this request gives ${JSON.stringify(String(parameters.response_type ?? '(none)').slice(0, 30))}`)
  }
  const responseMode = parameters.response_mode
  if (responseMode !== 'direct_post' && responseMode !== 'direct_post.jwt') {
    throw badInput(`response_mode must be direct_post or direct_post.jwt; this request gives ${JSON.stringify(String(responseMode ?? '(none)').slice(0, 30))}`)
  }
  if (parameters.redirect_uri !== undefined) throw badInput('a direct_post request must not give redirect_uri')
  const responseUri = httpsAddress(parameters.response_uri, 'response_uri')
  if (client.prefix === 'redirect_uri' && client.value !== responseUri) {
    throw badInput('the response_uri differs from the address in the redirect_uri: client_id; refused')
  }
  if (client.prefix === 'x509_san_dns' && new URL(responseUri).hostname !== client.value) {
    throw badInput(`the response_uri is not on ${client.value}, the name its certificate verifies; refused`)
  }
  if (typeof parameters.nonce !== 'string' || parameters.nonce.length === 0 || parameters.nonce.length > 512) {
    throw badInput('the request has no nonce')
  }
  if (parameters.state !== undefined && (typeof parameters.state !== 'string' || parameters.state.length > 2048)) {
    throw badInput('the request’s state is not a string')
  }
  const dcqlQuery = parameters.dcql_query
  if (typeof dcqlQuery !== 'object' || dcqlQuery === null || Array.isArray(dcqlQuery)) {
    throw badInput('the request has no dcql_query')
  }
  const clientMetadata = parameters.client_metadata
  if (clientMetadata !== undefined && (typeof clientMetadata !== 'object' || clientMetadata === null || Array.isArray(clientMetadata))) {
    throw badInput('the request’s client_metadata is not a JSON object')
  }
  return {
    client,
    verifier,
    responseUri,
    responseMode,
    nonce: parameters.nonce,
    ...(parameters.state === undefined ? {} : { state: parameters.state as string }),
    dcqlQuery: dcqlQuery as Record<string, unknown>,
    ...(clientMetadata === undefined ? {} : { clientMetadata: clientMetadata as Record<string, unknown> }),
    delivery
  }
}

/** An https address (a verifier's; plain http is refused, even to this computer). */
function httpsAddress(value: unknown, what: string): string {
  if (typeof value !== 'string') throw badInput(`the request has no ${what}`)
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw badInput(`the request’s ${what} is not an absolute address`)
  }
  if (url.protocol !== 'https:') throw badInput(`the request’s ${what} is not an https:// address; refused`)
  if (url.username || url.password) throw badInput(`the request’s ${what} carries a user name or password; refused`)
  return value
}

function hostOf(address: string): string {
  try {
    return new URL(address).host
  } catch {
    throw badInput('the redirect_uri: client_id is not an absolute address')
  }
}

