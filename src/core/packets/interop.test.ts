import { execFile } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { compactVerify, importJWK } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { publicKeyFromDidKey } from '../crypto/did-key.js'
import { loadSodium } from '../crypto/sodium.js'
import { toBase64url } from '../crypto/jws.js'
import { type PacketFixture, packetFixture } from './packet-fixture.js'

/** Independent tools must accept a packet knowing nothing but its kid. */

const run = promisify(execFile)
let fixture: PacketFixture
let dir: string

beforeAll(async () => {
  await loadSodium()
  fixture = await packetFixture({ approved: ['identity.full_name', 'contact.email'] })
  dir = await mkdtemp(join(tmpdir(), 'mevault-packet-'))
})

afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

function kidOf(jws: string): string {
  const header = JSON.parse(Buffer.from(jws.split('.')[0] ?? '', 'base64url').toString('utf8')) as { kid: string }
  return header.kid
}

/** SubjectPublicKeyInfo for Ed25519 (RFC 8410): a fixed 12-byte DER prefix, then the 32 raw key bytes. */
function ed25519SpkiPem(rawKey: Uint8Array): string {
  const der = Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), Buffer.from(rawKey)])
  return `-----BEGIN PUBLIC KEY-----\n${der.toString('base64')}\n-----END PUBLIC KEY-----\n`
}

describe('a packet checked by other tools', () => {
  it('verifies with jose, using the OKP key decoded from the did:key', async () => {
    const { jws } = fixture.packet
    const rawKey = publicKeyFromDidKey(kidOf(jws))
    const key = await importJWK({ kty: 'OKP', crv: 'Ed25519', x: toBase64url(rawKey) }, 'EdDSA')
    const { payload, protectedHeader } = await compactVerify(jws, key, { algorithms: ['EdDSA'] })
    expect(protectedHeader.alg).toBe('EdDSA')
    const claims = (JSON.parse(new TextDecoder().decode(payload)) as { claims: Record<string, string> }).claims
    expect(claims).toEqual({ 'identity.full_name': 'Ada Lovelace', 'contact.email': 'ada@example.org' })

    const flipped = jws.slice(0, 30) + (jws[30] === 'A' ? 'B' : 'A') + jws.slice(31)
    await expect(compactVerify(flipped, key)).rejects.toThrow()
  })

  it('verifies with openssl pkeyutl -verify -rawin on the raw key from the did:key', async () => {
    const { jws } = fixture.packet
    const [header = '', payload = '', signature = ''] = jws.split('.')
    const pem = join(dir, 'issuer.pem')
    const signed = join(dir, 'signing-input')
    const sig = join(dir, 'signature')
    await writeFile(pem, ed25519SpkiPem(publicKeyFromDidKey(kidOf(jws))))
    await writeFile(signed, `${header}.${payload}`)
    await writeFile(sig, Buffer.from(signature, 'base64url'))
    const args = ['pkeyutl', '-verify', '-pubin', '-inkey', pem, '-rawin', '-in', signed, '-sigfile', sig]
    const { stdout } = await run('openssl', args)
    expect(stdout).toMatch(/Signature Verified Successfully/)

    // The same signature over a changed payload is refused by openssl too.
    await writeFile(signed, `${header}.${payload}x`)
    const refused = await run('openssl', args).then(
      () => 'verified',
      (error: { stdout?: string }) => error.stdout ?? ''
    )
    expect(refused).toMatch(/Signature Verification Failure/)
  })
})
