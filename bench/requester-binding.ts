/**
 * Opening a request with an online check of the requester's domain binding (did:web) against a
 * local HTTPS server with a test CA: the first opening (TLS handshake, fetch, parse), and openings
 * after the first, when the binding is cached for its HTTP lifetime (target ≤ 50 ms, issue 12).
 * The same request unsigned (no check at all) is timed alternately with the cached one, as the
 * baseline. Then again with 10k receipts in the ledger, which the check reads for known requesters.
 * Run alone with `npx tsx bench/requester-binding.ts`, or through `npm run bench`.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { startRequesterSites } from '../test/helpers/requester-site.js'
import { didOf, newSigningKeyPair, type SigningKeyPair } from '../src/core/crypto/identity.js'
import { loadSodium } from '../src/core/crypto/sodium.js'
import { newReceiptId } from '../src/core/ledger/answer.js'
import { appendReceipts, type StoredReceipt } from '../src/core/ledger/ledger-store.js'
import { signReceipt } from '../src/core/ledger/receipt.js'
import { lookupFromEnvironment } from '../src/core/net/web-request.js'
import { signRequest } from '../src/core/requests/request-signature.js'
import { BindingChecker, didWebDocument } from '../src/core/requests/requester-identity/index.js'
import { sampleRequest } from '../src/core/requests/sample-request.js'
import { previewRequest } from '../src/core/service/answer-requests.js'
import { Vault } from '../src/core/vault/vault.js'
import { formatTable, median, timeMs, type Figure } from './stats.js'

const HOST = 'nordbank.example.com'
const FIRST_RUNS = 7
const CACHED_RUNS = 30
const RECEIPTS = 10_000
const REQUESTERS = 50

export async function benchRequesterBinding(): Promise<Figure[]> {
  await loadSodium()
  const sites = await startRequesterSites([HOST])
  const root = mkdtempSync(join(tmpdir(), 'mevault-bench-binding-'))
  try {
    const key = newSigningKeyPair()
    const requester = { name: 'Nordbank Savings', id: didOf(key), url: sites.urlOf(HOST) }
    sites.publish(HOST, didWebDocument(requester.url, requester.id))
    const json = JSON.stringify(sampleRequest({ requester }))
    const signed = await signRequest(json, key)
    const checker = () => new BindingChecker({ web: { ca: sites.ca.caPem, lookup: lookupFromEnvironment(sites.resolve) } })

    const vault = (await Vault.create({ dir: join(root, 'vault'), passphrase: 'correct horse battery staple', deviceName: 'bench' })).vault
    await vault.set('contact.email', 'ada@example.org', { tier: 'public' })
    const open = async (text: string, with_: BindingChecker) => {
      const preview = await previewRequest(vault, text, with_)
      if (text === signed && preview.requester.check.state !== 'verified') throw new Error(`not verified: ${preview.requester.check.reason}`)
    }

    // Each first opening with a fresh checker (empty cache), after one untimed to load the modules.
    await open(signed, checker())
    const firsts: number[] = []
    for (let run = 0; run < FIRST_RUNS; run++) firsts.push(await timeMs(() => open(signed, checker())))

    const cachedVsUnsigned = async (): Promise<{ cached: number; unsigned: number }> => {
      const shared = checker()
      await open(signed, shared)
      await open(json, shared)
      const cached: number[] = []
      const unsigned: number[] = []
      for (let run = 0; run < CACHED_RUNS; run++) {
        cached.push(await timeMs(() => open(signed, shared)))
        unsigned.push(await timeMs(() => open(json, shared)))
      }
      return { cached: median(cached), unsigned: median(unsigned) }
    }
    const empty = await cachedVsUnsigned()
    const fetchesBefore = sites.fetchesOf(HOST)
    await fillLedger(vault, key)
    const full = await cachedVsUnsigned()
    const fetchedAgain = sites.fetchesOf(HOST) - fetchesBefore
    await vault.close()

    const ab = `median of ${CACHED_RUNS}, alternating with the same request unsigned`
    return [
      { name: 'requester check: open a signed request, first (did.json over HTTPS)', value: median(firsts), unit: 'ms', note: `a fresh cache each; median of ${FIRST_RUNS} (${firsts.map((ms) => ms.toFixed(0)).join(', ')} ms)` },
      { name: 'requester check: open a signed request, after the first (cached)', value: empty.cached, unit: 'ms', target: 50, note: ab },
      { name: 'requester check: baseline, the same request unsigned (no check)', value: empty.unsigned, unit: 'ms', note: 'timed alternately with the row above' },
      { name: 'requester check: after the first, 10k receipts in the ledger', value: full.cached, unit: 'ms', target: 50, note: `${ab}; ${REQUESTERS} known requesters; ${fetchedAgain} fetch in all (its untimed first opening)` },
      { name: 'requester check: baseline unsigned, 10k receipts in the ledger', value: full.unsigned, unit: 'ms', note: 'timed alternately with the row above' }
    ]
  } finally {
    await sites.close()
    rmSync(root, { recursive: true, force: true })
  }
}

/** 10k signed receipts from 50 requesters (the bank among them), written in batches like bench/ledger.ts. */
async function fillLedger(vault: Vault, bankKey: SigningKeyPair): Promise<void> {
  const who = Array.from({ length: REQUESTERS }, (_, i) =>
    i === 0 ? { name: 'Nordbank Savings', id: didOf(bankKey), url: 'https://nordbank.example.com/' } : { name: `Company ${i}`, id: didOf(newSigningKeyPair()), url: `https://company${i}.example.com` }
  )
  const start = Date.parse('2024-01-01T00:00:00Z')
  for (let first = 0; first < RECEIPTS; first += 500) {
    const batch: StoredReceipt[] = []
    for (let i = first; i < first + 500; i++) {
      const at = new Date(start + i * 3_600_000)
      const payload = {
        id: newReceiptId(at),
        iss: vault.did,
        iat: Math.floor(at.getTime() / 1000),
        outcome: 'shared' as const,
        request: { id: `req-${i}`, sha256: 'ab'.repeat(32), nonce: `nonce-bench-${String(i).padStart(8, '0')}` },
        requester: who[i % REQUESTERS]!,
        purpose: 'Open an account',
        terms: { retention: 'P1Y' },
        disclosed: ['contact.email'],
        refused: [],
        missing: [],
        packet: { sha256: 'cd'.repeat(32), sealed: false },
        at: at.toISOString(),
        device: { id: vault.device.id, name: vault.device.name }
      }
      batch.push({ payload, jws: signReceipt(payload, vault.identity) })
    }
    await appendReceipts(vault, batch)
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(formatTable(await benchRequesterBinding()))
}
