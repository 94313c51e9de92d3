/**
 * Ledger figures: "who has this field" over 10k receipts (target 20 ms median), warm and after a
 * reopen, and one whole answer (parse, decide, sign packet, sign and store receipt) until durable.
 * The 10k receipts are signed one by one like real ones and written through the ledger store in
 * batches (one Automerge change per month shard per batch); answering 10k requests one by one
 * would take minutes, and the per-answer figure below says how long.
 * Run alone with `npx tsx bench/ledger.ts`, or through `npm run bench`.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { parseSecretKey } from '../src/core/crypto/secret-key.js'
import { loadSodium } from '../src/core/crypto/sodium.js'
import { answerRequest, listReceipts, whoHas } from '../src/core/ledger/index.js'
import { newReceiptId } from '../src/core/ledger/answer.js'
import { appendReceipts, type StoredReceipt } from '../src/core/ledger/ledger-store.js'
import { type ReceiptPayload, signReceipt } from '../src/core/ledger/receipt.js'
import { sampleRequest } from '../src/core/requests/sample-request.js'
import { Vault } from '../src/core/vault/vault.js'
import { formatTable, median, medianMs, runChild, timeMs, type Figure } from './stats.js'

const PASSPHRASE = 'correct horse battery staple'
const RECEIPTS = 10_000
const BATCH = 500
const MONTHS = 24
const REQUESTERS = 50
const PATHS = ['contact.email', 'identity.full_name', 'identity.date_of_birth', 'address.city', 'contact.phone', 'finance.iban']
const ANSWERS = 30
const WHO_HAS_RUNS = 50
const COLD_RUNS = 3
const COLD_FLAG = '--cold-who-has'
// The secret key reaches the child through its environment, never its command line.
const SECRET_KEY_ENV = 'MEVAULT_BENCH_SECRET_KEY'

/** Requester ids: did:keys of fresh keys, so the ledger is realistic (many requesters). */
async function requesters(): Promise<Array<{ name: string; id: string; url: string }>> {
  const { newSigningKeyPair, didOf } = await import('../src/core/crypto/identity.js')
  return Array.from({ length: REQUESTERS }, (_, i) => ({ name: `Company ${i}`, id: didOf(newSigningKeyPair()), url: `https://company${i}.example.com` }))
}

function receiptFor(vault: Vault, i: number, at: Date, requester: { name: string; id: string; url: string }): StoredReceipt {
  // Each receipt discloses 2 or 3 of the 6 paths, so "who has" finds about 40% of them.
  const disclosed = PATHS.filter((_, p) => (i + p) % 5 < 2 || p === i % 6)
  const payload: ReceiptPayload = {
    id: newReceiptId(at),
    iss: vault.did,
    iat: Math.floor(at.getTime() / 1000),
    outcome: disclosed.length === PATHS.length ? 'shared' : 'partly-shared',
    request: { id: `req-${i}`, sha256: 'ab'.repeat(32), nonce: `nonce-bench-${String(i).padStart(8, '0')}` },
    requester,
    purpose: 'Open an account and send the monthly statement',
    terms: { retention: 'P1Y', compensation: { amount: 5, currency: 'EUR' } },
    disclosed,
    refused: PATHS.filter((path) => !disclosed.includes(path)),
    missing: [],
    packet: { sha256: 'cd'.repeat(32), sealed: false },
    at: at.toISOString(),
    device: { id: vault.device.id, name: vault.device.name }
  }
  return { payload, jws: signReceipt(payload, vault.identity) }
}

export async function benchLedger(): Promise<Figure[]> {
  await loadSodium()
  const root = mkdtempSync(join(tmpdir(), 'mevault-bench-ledger-'))
  try {
    const dir = join(root, 'vault')
    let now = new Date('2024-01-01T00:00:00Z')
    const { vault, recoveryKit } = await Vault.create({ dir, passphrase: PASSPHRASE, deviceName: 'bench', clock: () => now })
    await vault.set('contact.email', 'ada@example.org', { tier: 'public' })
    await vault.set('identity.full_name', 'Ada Lovelace', { tier: 'restricted' })
    const who = await requesters()

    const step = (MONTHS * 30 * 86_400_000) / RECEIPTS
    const fillStart = performance.now()
    for (let start = 0; start < RECEIPTS; start += BATCH) {
      const batch: StoredReceipt[] = []
      for (let i = start; i < Math.min(RECEIPTS, start + BATCH); i++) {
        batch.push(receiptFor(vault, i, new Date(Date.parse('2024-01-01T00:00:00Z') + i * step), who[i % REQUESTERS]!))
      }
      await appendReceipts(vault, batch)
    }
    const fillSeconds = (performance.now() - fillStart) / 1000

    const warm = await medianMs(() => whoHas(vault, 'contact.email'), WHO_HAS_RUNS, 3)
    const found = (await whoHas(vault, 'contact.email')).length
    const list = await medianMs(() => listReceipts(vault), 10, 1)

    // Whole answers, one by one, each durable: the cost a person (or a script) pays per request.
    now = new Date('2026-03-01T00:00:00Z')
    const answerTimes: number[] = []
    for (let i = 0; i < ANSWERS; i++) {
      const requestBytes = JSON.stringify(sampleRequest({ id: `bench-${i}`, nonce: `benchNonce${String(i).padStart(10, '0')}` }))
      answerTimes.push(await timeMs(() => answerRequest(vault, { requestBytes, approve: ['contact.email', 'identity.full_name'] })))
    }
    answerTimes.sort((a, b) => a - b)
    await vault.close()

    // After a reopen, in fresh processes: the first "who has" reads the ledger's sealed views.
    const colds: number[] = []
    for (let run = 0; run < COLD_RUNS; run++) {
      colds.push(await runChild<number>(import.meta.url, [COLD_FLAG, dir], { [SECRET_KEY_ENV]: recoveryKit.secretKey }))
    }
    const cold = median(colds)

    const size = `${RECEIPTS} receipts in ${MONTHS} month shards, ${REQUESTERS} requesters; finds ${found}`
    return [
      { name: 'ledger: who-has over 10k receipts (warm)', value: warm, unit: 'ms', target: 20, note: `${size}; median of ${WHO_HAS_RUNS}` },
      {
        name: 'ledger: who-has over 10k receipts (first after unlock)',
        value: cold,
        unit: 'ms',
        target: 50,
        note: `a fresh process each; median of ${COLD_RUNS} (${colds.map((ms) => ms.toFixed(0)).join(', ')} ms)`
      },
      { name: 'ledger: list 10k receipts (warm)', value: list, unit: 'ms', note: 'median of 10' },
      { name: 'ledger: answer a request (packet + receipt, durable)', value: answerTimes[Math.floor(ANSWERS / 2)]!, unit: 'ms', note: `median of ${ANSWERS}, with 10k receipts in the ledger` },
      { name: 'ledger: bench setup, 10k signed receipts stored', value: fillSeconds, unit: 's', note: `batches of ${BATCH}` }
    ]
  } finally {
    rmSync(root, { recursive: true, force: true })
  }
}

/**
 * One cold "who has", in this fresh process: an untimed unlock + who-has + close first (module
 * compilation, JIT: what every process pays once), then a new unlock and the timed first call.
 */
async function coldWhoHas(dir: string, secretKey: Uint8Array): Promise<number> {
  await loadSodium()
  const warmUp = await Vault.unlock({ dir, passphrase: PASSPHRASE, secretKey })
  await whoHas(warmUp, 'contact.email')
  await warmUp.close()
  const vault = await Vault.unlock({ dir, passphrase: PASSPHRASE, secretKey })
  try {
    return await timeMs(() => whoHas(vault, 'contact.email'))
  } finally {
    await vault.close()
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [flag, dir] = process.argv.slice(2)
  if (flag === COLD_FLAG) {
    process.stdout.write(JSON.stringify(await coldWhoHas(dir ?? '', parseSecretKey(process.env[SECRET_KEY_ENV] ?? ''))))
  } else {
    console.log(formatTable(await benchLedger()))
  }
}
