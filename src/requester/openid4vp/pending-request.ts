import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import { parseJsonObject } from '../../core/crypto/jws.js'
import { writePrivateFile } from '../../core/vault/write-private-file.js'
import { badInput, notFound } from '../../shared/errors.js'
import type { KitFolder } from '../kit-folder.js'

/**
 * What the verifier must remember about an OpenID4VP request it sent, to check the answer: the
 * nonce and state, the exact client_id (the KB-JWT's aud), where answers come, the DCQL query, and
 * for direct_post.jwt the private half of the per-request encryption key. Kept in the requester's
 * folder, DIR/openid4vp/pending/<state>.json (0600: the key opens answers), with the signed request
 * object beside it (<state>.jwt, public) for `requester serve` to publish at its request_uri.
 */
export const PENDING_TYPE = 'mevault.openid4vp-pending/1'
export const PENDING_DIR = join('openid4vp', 'pending')
/** A state is 256 random bits, base64url: also the file name, so nothing else may pass. */
export const STATE_PATTERN = /^[A-Za-z0-9_-]{43}$/

const pendingSchema = z.strictObject({
  type: z.literal(PENDING_TYPE),
  state: z.string().regex(STATE_PATTERN),
  nonce: z.string().min(1).max(512),
  clientId: z.string().min(1),
  responseUri: z.string(),
  responseMode: z.enum(['direct_post', 'direct_post.jwt']),
  dcqlQuery: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
  expiresAt: z.string(),
  /** The private JWK answers are encrypted to (ECDH-ES, P-256), only for direct_post.jwt. */
  encryptionKey: z.record(z.string(), z.unknown()).optional()
})

export type PendingRequest = z.infer<typeof pendingSchema>

export function parsePending(text: string): PendingRequest {
  const parsed = pendingSchema.safeParse(parseJsonObject(new TextEncoder().encode(text), 'The OpenID4VP request state'))
  if (!parsed.success) throw badInput(`Not a ${PENDING_TYPE} file`)
  return parsed.data
}

/** Keeps the state (0600) and the signed request object (when signed) in DIR/openid4vp/pending/. */
export function recordPending(folder: KitFolder, pending: PendingRequest, requestObject?: string): string {
  const dir = join(folder.dir, PENDING_DIR)
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  const path = join(dir, `${pending.state}.json`)
  // Short-lived (minutes): not worth a disk sync each.
  writePrivateFile(path, `${JSON.stringify(pending, null, 2)}\n`, { replace: false, durable: false })
  if (requestObject) writeFileSync(join(dir, `${pending.state}.jwt`), requestObject, { flag: 'wx', mode: 0o644 })
  return path
}

/** The state of a request this requester sent (NOT_FOUND when it sent none with this state). */
export function loadPending(folder: KitFolder, state: string): PendingRequest {
  const path = join(folder.dir, PENDING_DIR, `${state}.json`)
  if (!STATE_PATTERN.test(state) || !existsSync(path)) notFoundState()
  return parsePending(readFileSync(path, 'utf8'))
}

/** The signed request object sent with this state, as served at its request_uri. */
export function pendingRequestObject(folder: KitFolder, state: string): string | undefined {
  if (!STATE_PATTERN.test(state)) return undefined
  const path = join(folder.dir, PENDING_DIR, `${state}.jwt`)
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined
}

/** Every recorded state, newest first. */
export function pendingStates(folder: KitFolder): { state: string; madeAt: Date }[] {
  const dir = join(folder.dir, PENDING_DIR)
  if (!existsSync(dir)) return []
  return readdirSync(dir)
    .filter((name) => /^[A-Za-z0-9_-]{43}\.json$/.test(name))
    .map((name) => ({ state: name.slice(0, 43), madeAt: statSync(join(dir, name)).mtime }))
    .sort((a, b) => b.madeAt.getTime() - a.madeAt.getTime())
}

/** Forgets a request: once answered (a nonce is used once), or expired. */
export function forgetPending(folder: KitFolder, state: string): void {
  if (!STATE_PATTERN.test(state)) return
  for (const ext of ['json', 'jwt']) rmSync(join(folder.dir, PENDING_DIR, `${state}.${ext}`), { force: true })
}

function notFoundState(): never {
  throw notFound('No OpenID4VP request of this requester has this state (never sent, answered already, or expired)')
}
