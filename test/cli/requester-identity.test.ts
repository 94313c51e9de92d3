import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { didOf, newSigningKeyPair, type SigningKeyPair } from '../../src/core/crypto/identity.js'
import { loadSodium } from '../../src/core/crypto/sodium.js'
import type { DataRequest } from '../../src/core/requests/request-schema.js'
import { signRequest } from '../../src/core/requests/request-signature.js'
import { didWebDocument } from '../../src/core/requests/requester-identity/index.js'
import { sampleRequest } from '../../src/core/requests/sample-request.js'
import type { RequestPreview } from '../../src/shared/api.js'
import { cliSandbox } from '../helpers/cli.js'
import { startRequesterSites } from '../helpers/requester-site.js'

const NORDBANK = 'nordbank.example.com'
let sites: Awaited<ReturnType<typeof startRequesterSites>>
let nordbankKey: SigningKeyPair
let cli: ReturnType<typeof cliSandbox>

beforeAll(async () => {
  await loadSodium()
  sites = await startRequesterSites([NORDBANK])
  nordbankKey = newSigningKeyPair()
  sites.publish(NORDBANK, didWebDocument(sites.urlOf(NORDBANK), didOf(nordbankKey)))
})

// Each test's sandbox folder is removed after it (helpers/temp-dir.ts).
beforeEach(() => {
  cli = cliSandbox()
  expect(cli.run(['init']).code).toBe(0)
})

afterAll(() => sites.close())

async function requestFile(name: string, requester: Partial<DataRequest['requester']>, key: SigningKeyPair): Promise<string> {
  const full = { name: 'Nordbank Savings', id: didOf(key), url: sites.urlOf(NORDBANK), ...requester }
  const file = join(cli.root, name)
  writeFileSync(file, await signRequest(JSON.stringify(sampleRequest({ requester: full })), key))
  return file
}

/** `mevault request show` as a real process that trusts the test CA and finds the site on 127.0.0.1. */
function show(file: string, ...flags: string[]) {
  // Async: the HTTPS site answers from this very process, so it must not be blocked.
  return cli.runAsync(['request', 'show', file, ...flags], { NODE_EXTRA_CA_CERTS: sites.ca.caFile, MEVAULT_RESOLVE: sites.resolve })
}

describe('mevault request show: who is asking', () => {
  it('says "Verified: DOMAIN (did:web)" when the domain lists the key that signed the request', async () => {
    const file = await requestFile('nordbank.jws', {}, nordbankKey)
    const shown = await show(file)
    expect(shown.stderr).toBe('')
    expect(shown.stdout).toContain(`  Verified: ${NORDBANK}:${sites.port} (did:web)\n`)
    expect(shown.stdout).not.toMatch(/WARNING|Claims to be/)
    const json = JSON.parse((await show(file, '--json')).stdout) as RequestPreview
    expect(json.requester.verified).toEqual({ domain: `${NORDBANK}:${sites.port}`, method: 'did:web' })
    expect(json.requester.warnings).toEqual([])
  })

  it('says a fresh key with Nordbank’s name only claims to be it, and warns loudly about a mixed-script name', async () => {
    const file = await requestFile('impostor.jws', { name: 'N\u043erdbank Savings' }, newSigningKeyPair())
    const shown = await show(file)
    expect(shown.code).toBe(0)
    expect(shown.stdout).not.toContain('Verified')
    expect(shown.stdout).toContain('  WARNING: The name “N\u043erdbank Savings” mixes Latin and Cyrillic letters')
    expect(shown.stdout).toContain('  Claims to be N\u043erdbank Savings (not verified: the domain does not list this request’s key under assertionMethod)')
    const json = JSON.parse((await show(file, '--json')).stdout) as RequestPreview
    expect(json.requester.verified).toBeNull()
    expect(json.requester.warnings.map((w) => w.kind)).toEqual(['mixed-script'])
  })

  it('offline, says it could not check, without an error', async () => {
    const file = await requestFile('offline.jws', { url: `https://${NORDBANK}:1/` }, nordbankKey)
    const shown = await show(file)
    expect(shown.code).toBe(0)
    expect(shown.stdout).toContain('  Claims to be Nordbank Savings (could not check: ')
    expect(shown.stdout).not.toContain('Verified')
  })
})
