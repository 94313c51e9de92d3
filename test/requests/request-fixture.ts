import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { compactVerify, importJWK } from 'jose'
import { publicKeyFromDidKey } from '../../src/core/crypto/did-key.js'
import { toBase64url } from '../../src/core/crypto/jws.js'
import type { DataRequest } from '../../src/core/requests/request-schema.js'
import { sampleRequest } from '../../src/core/requests/sample-request.js'
import { cliSandbox } from '../helpers/cli.js'

/** The fields of the sample request's requester (Example Bank), one in each tier, plus one nobody asks for. */
export const VAULT_FIELDS = [
  ['identity.full_name', 'Ada Lovelace', 'restricted'],
  ['identity.date_of_birth', '1815-12-10', 'private'],
  ['contact.email', 'ada@example.org', 'public'],
  ['health.blood_type', 'O+', 'private']
] as const

/** A sandboxed CLI with a vault holding VAULT_FIELDS, and a helper to write request files next to it. */
export function requestSandbox() {
  const cli = cliSandbox()
  const ok = (args: string[], input?: string) => {
    const result = cli.run(args, {}, input)
    if (result.code !== 0) throw new Error(`mevault ${args.join(' ')} exited ${result.code}: ${result.stderr}`)
    return result
  }
  ok(['init'])
  for (const [path, value, tier] of VAULT_FIELDS) ok(['set', path, value, '--tier', tier])
  const writeRequest = (name: string, overrides: Partial<DataRequest> = {}, text?: string): string => {
    const file = join(cli.root, name)
    writeFileSync(file, text ?? `${JSON.stringify(sampleRequest(overrides), null, 2)}\n`)
    return file
  }
  return { cli, ok, writeRequest, file: (name: string) => join(cli.root, name) }
}

/** Verifies a compact JWS with jose alone, using the Ed25519 key inside its kid (a did:key). */
export async function joseVerify(jws: string): Promise<{ header: Record<string, unknown>; payload: Record<string, unknown> }> {
  const header = JSON.parse(Buffer.from(jws.split('.')[0] ?? '', 'base64url').toString('utf8')) as { kid: string }
  const key = await importJWK({ kty: 'OKP', crv: 'Ed25519', x: toBase64url(publicKeyFromDidKey(header.kid)) }, 'EdDSA')
  const { payload, protectedHeader } = await compactVerify(jws.trim(), key, { algorithms: ['EdDSA'] })
  return { header: protectedHeader, payload: JSON.parse(new TextDecoder().decode(payload)) as Record<string, unknown> }
}

/** SubjectPublicKeyInfo PEM for a raw Ed25519 key (RFC 8410), for openssl. */
export function ed25519SpkiPem(rawKey: Uint8Array): string {
  const der = Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), Buffer.from(rawKey)])
  return `-----BEGIN PUBLIC KEY-----\n${der.toString('base64')}\n-----END PUBLIC KEY-----\n`
}
