import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { z } from 'zod'
import { writePrivateFile } from '../core/vault/write-private-file.js'
import { MeVaultError, notFound } from '../shared/errors.js'
import { DID_DOCUMENT_PATH, didDocument, parseHttpsUrl } from './did-web.js'
import { keyFileTexts, keysFromFileTexts, newRequesterKeys } from './keys.js'
import type { RequesterProfile } from './make-request.js'
import { parseJsonObject } from '../core/crypto/jws.js'
import { requesterSchema } from '../core/requests/request-schema.js'

/**
 * A requester's folder, made by `mevault requester init`:
 *   requester.json      name, url, did:key, sealing public key (public)
 *   signing-key.json    Ed25519 seed (0600)
 *   sealing-key.json    X25519 key pair (0600)
 *   www/                the web root of https://HOST: www/.well-known/did.json is the domain binding
 *   requests/           each signed request made with `requester request`, by its SHA-256
 */
export const PROFILE_FILE = 'requester.json'
export const SIGNING_KEY_FILE = 'signing-key.json'
export const SEALING_KEY_FILE = 'sealing-key.json'
export const WEB_ROOT = 'www'
export const REQUESTS_DIR = 'requests'
const PROFILE_TYPE = 'mevault.requester/1'

const profileSchema = z.strictObject({
  type: z.literal(PROFILE_TYPE),
  name: z.string().min(1).max(120),
  url: z.string(),
  id: z.string(),
  publicKey: z.string()
})

export interface KitFolder {
  dir: string
  profile: RequesterProfile
}

/** Makes the folder with fresh keys; refuses (EXISTS) when it already holds a requester's files. */
export async function initKitFolder(dirGiven: string, name: string, url: string): Promise<KitFolder> {
  const dir = resolve(dirGiven)
  parseHttpsUrl(url)
  // The url every request will carry: what MeVault's reader accepts (a domain name, not an IP address).
  const accepted = requesterSchema.shape.url.safeParse(url)
  if (!accepted.success) throw new MeVaultError('BAD_INPUT', 'The requester url must be https:// with a domain name (not an IP address), as requests carry it')
  if (!name.trim()) throw new MeVaultError('BAD_INPUT', 'The requester name must not be empty')
  for (const file of [PROFILE_FILE, SIGNING_KEY_FILE, SEALING_KEY_FILE, WEB_ROOT]) {
    if (existsSync(join(dir, file))) {
      throw new MeVaultError('EXISTS', `${join(dir, file)} already exists; refusing to overwrite a requester's keys (choose another folder)`)
    }
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  const keys = await newRequesterKeys()
  const texts = keyFileTexts(keys)
  writePrivateFile(join(dir, SIGNING_KEY_FILE), texts.signing, { replace: false })
  writePrivateFile(join(dir, SEALING_KEY_FILE), texts.sealing, { replace: false })
  const profile = { type: PROFILE_TYPE, name: name.trim(), url, id: keys.id, publicKey: JSON.parse(texts.sealing).publicKey as string }
  writeFileSync(join(dir, PROFILE_FILE), `${JSON.stringify(profile, null, 2)}\n`, { flag: 'wx', mode: 0o644 })
  const wellKnown = join(dir, WEB_ROOT, '.well-known')
  mkdirSync(wellKnown, { recursive: true })
  writeFileSync(join(dir, WEB_ROOT, DID_DOCUMENT_PATH), `${JSON.stringify(didDocument(url, keys.id), null, 2)}\n`, { flag: 'wx', mode: 0o644 })
  mkdirSync(join(dir, REQUESTS_DIR), { mode: 0o755 })
  return { dir, profile: { name: profile.name, url, keys } }
}

/** Reads the folder back (NOT_FOUND when it is not a requester's folder). */
export async function loadKitFolder(dirGiven: string): Promise<KitFolder> {
  const dir = resolve(dirGiven)
  const read = (file: string): string => {
    const path = join(dir, file)
    if (!existsSync(path)) throw notFound(`${path} is missing: is ${dir} a folder made by \`mevault requester init\`?`)
    return readFileSync(path, 'utf8')
  }
  const profile = profileSchema.safeParse(parseJsonObject(new TextEncoder().encode(read(PROFILE_FILE)), 'requester.json'))
  if (!profile.success) throw new MeVaultError('BAD_INPUT', `${join(dir, PROFILE_FILE)} is not a ${PROFILE_TYPE} file`)
  for (const file of [SIGNING_KEY_FILE, SEALING_KEY_FILE]) tightenMode(join(dir, file))
  const keys = await keysFromFileTexts(read(SIGNING_KEY_FILE), read(SEALING_KEY_FILE))
  if (keys.id !== profile.data.id) throw new MeVaultError('BAD_INPUT', `${PROFILE_FILE} names another did:key than ${SIGNING_KEY_FILE} holds`)
  return { dir, profile: { name: profile.data.name, url: profile.data.url, keys } }
}

/** Keeps a signed request in DIR/requests/ (by its hash), where `requester serve` publishes it. */
export function recordRequest(folder: KitFolder, sha256: string, text: string): string {
  const path = join(folder.dir, REQUESTS_DIR, `${sha256}.jws`)
  mkdirSync(join(folder.dir, REQUESTS_DIR), { recursive: true })
  if (!existsSync(path)) writeFileSync(path, text, { flag: 'wx', mode: 0o644 })
  return path
}

/** The recorded requests, newest first. */
export function recordedRequests(folder: KitFolder): { sha256: string; path: string; text: string; madeAt: Date }[] {
  const dir = join(folder.dir, REQUESTS_DIR)
  if (!existsSync(dir)) return []
  return readdirSync(dir)
    .filter((name) => /^[0-9a-f]{64}\.jws$/.test(name))
    .map((name) => {
      const path = join(dir, name)
      return { sha256: name.slice(0, 64), path, text: readFileSync(path, 'utf8'), madeAt: statSync(path).mtime }
    })
    .sort((a, b) => b.madeAt.getTime() - a.madeAt.getTime())
}

/** A key file someone loosened (a copy, a backup restore) is set back to owner-only. */
function tightenMode(path: string): void {
  if (existsSync(path) && (statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600)
}
