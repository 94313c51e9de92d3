/**
 * Vault figures at 1k and 10k fields: unlock (the KDF and the rest apart), cold open, one field set
 * until durable, search and list. The vault is built once, through the public Vault API, and grown
 * from 1k to 10k fields between the two measurement rounds.
 * Run alone with `npx tsx bench/vault.ts`, or through `npm run bench`.
 */
import Database from 'better-sqlite3'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { derivePassphraseKey } from '../src/core/crypto/kdf.js'
import { loadSodium, sodium } from '../src/core/crypto/sodium.js'
import { parseSecretKey } from '../src/core/crypto/secret-key.js'
import { readHeader } from '../src/core/vault/header.js'
import { Vault } from '../src/core/vault/vault.js'
import { formatTable, median, medianMs, runChild, timeMs, type Figure } from './stats.js'

const PASSPHRASE = 'correct horse battery staple'
const FIELDS_PER_RECORD = 100
const COLD_RUNS = 5
const COLD_FLAG = '--cold-run'
const WARM_FLAG = '--warm-run'
const SECRET_KEY_ENV = 'MEVAULT_BENCH_SECRET_KEY'
const SET_RUNS = 50
const READ_RUNS = 20
/** One field in this many holds the search word, so a search finds 1% of the vault. */
const NEEDLE_EVERY = 100
const NEEDLE = 'Zanzibar'

interface BenchVault {
  dir: string
  secretKeyText: string
  records: number
}

const recordName = (r: number): string => `record${String(r).padStart(3, '0')}`
const fieldName = (f: number): string => `field${String(f).padStart(3, '0')}`

/** Plausible values of a few dozen characters; every NEEDLE_EVERY-th one mentions the search word. */
function valueFor(r: number, f: number, edit = 0): string {
  const n = r * FIELDS_PER_RECORD + f
  const place = n % NEEDLE_EVERY === 0 ? NEEDLE : `Rue des Lilas ${n % 97}`
  return `Entry ${n} (edit ${edit}): ${place}, 750${String(n % 20).padStart(2, '0')} Paris`
}

/**
 * Adds records [from, to) of FIELDS_PER_RECORD fields each, one `set` at a time as a user would.
 * Not concurrently: concurrent sets on one record race inside automerge-repo's storage (every
 * flush writes its own full snapshot or overlapping incremental), which bloats the stored record
 * and would make every later figure measure that bloat instead (see docs/benchmarks.md).
 */
async function addRecords(vault: Vault, from: number, to: number): Promise<void> {
  if (to - from > 100) return addRecordsWhole(vault, from, to)
  for (let r = from; r < to; r++) {
    for (let f = 0; f < FIELDS_PER_RECORD; f++) {
      await vault.set(`${recordName(r)}.${fieldName(f)}`, valueFor(r, f), { tier: f % 3 === 0 ? 'public' : 'private' })
    }
  }
}

/**
 * The fast path for the 100k shape: each record written whole, in one change (an import). Building
 * 90,000 fields one set at a time would take minutes; the figures that depend on history length
 * (a replay) are measured on the vault built one set at a time.
 */
async function addRecordsWhole(vault: Vault, from: number, to: number): Promise<void> {
  for (let r = from; r < to; r++) {
    const entries = Array.from({ length: FIELDS_PER_RECORD }, (_, f) => ({
      path: `${recordName(r)}.${fieldName(f)}`,
      value: valueFor(r, f),
      tier: f % 3 === 0 ? ('public' as const) : ('private' as const)
    }))
    await vault.setFields(entries)
  }
}

interface ColdRun {
  kdfMs: number
  restMs: number
  listMs: number
  unlockMs: number
}

/**
 * One cold run, in a fresh process (see COLD_FLAG). An untimed unlock + list + close first, so the
 * figures are not the process's one-off costs (module and WebAssembly compilation, JIT, libsodium
 * growing its memory for Argon2id). Then: the KDF alone with the vault's stored parameters; an
 * unlock with that KDF result memoized, which times everything but the KDF directly (subtracting
 * two noisy ~130 ms figures cannot resolve a few ms); the first list (loads every record); and,
 * vault closed, a real unlock as a cross-check of the total.
 */
async function coldRun(dir: string, secretKey: Uint8Array): Promise<ColdRun> {
  await loadSodium()
  const warmUp = await Vault.unlock({ dir, passphrase: PASSPHRASE, secretKey })
  await warmUp.list()
  await warmUp.close()
  const db = new Database(join(dir, 'vault.db'), { readonly: true })
  const header = readHeader(db)
  db.close()
  let derived: Uint8Array | undefined
  const kdfMs = await timeMs(() => (derived = derivePassphraseKey(PASSPHRASE, header.kdf)))
  const s = sodium()
  const realPwhash = s.crypto_pwhash
  s.crypto_pwhash = (() => derived!.slice()) as unknown as typeof s.crypto_pwhash
  let vault: Vault | undefined
  let restMs: number
  let listMs: number
  try {
    restMs = await timeMs(async () => (vault = await Vault.unlock({ dir, passphrase: PASSPHRASE, secretKey })))
    listMs = await timeMs(() => vault!.list())
  } finally {
    s.crypto_pwhash = realPwhash
    await vault?.close()
  }
  let real: Vault | undefined
  const unlockMs = await timeMs(async () => (real = await Vault.unlock({ dir, passphrase: PASSPHRASE, secretKey })))
  await real!.close()
  return { kdfMs, restMs, listMs, unlockMs }
}

/**
 * Unlock and cold open, each run in a fresh process: automerge-repo keeps a closed vault's documents
 * in memory, so from the third cold open in one process on, loading gets several times slower
 * (see docs/benchmarks.md).
 */
async function unlockFigures(bench: BenchVault, label: string): Promise<Figure[]> {
  const runs: ColdRun[] = []
  for (let run = 0; run < COLD_RUNS; run++) {
    runs.push(await runChild<ColdRun>(import.meta.url, [COLD_FLAG, bench.dir], { [SECRET_KEY_ENV]: bench.secretKeyText }))
  }
  const of = (pick: (run: ColdRun) => number): number => median(runs.map(pick))
  return [
    { name: `${label}: unlock, KDF alone (Argon2id)`, value: of((r) => r.kdfMs), unit: 'ms' },
    {
      name: `${label}: unlock, all but the KDF`,
      value: of((r) => r.restMs),
      unit: 'ms',
      target: label === '10k fields' ? 200 : label === '100k fields' ? 500 : undefined,
      note: 'timed with the KDF result memoized'
    },
    { name: `${label}: unlock, total`, value: of((r) => r.unlockMs), unit: 'ms', note: 'a second, real unlock in the process' },
    {
      name: `${label}: unlock, total minus KDF`,
      value: of((r) => r.unlockMs - r.kdfMs),
      unit: 'ms',
      note: 'cross-check, paired per run; KDF noise dominates'
    },
    {
      name: `${label}: unlock to first list, without the KDF`,
      value: of((r) => r.restMs + r.listMs),
      unit: 'ms',
      target: label === '10k fields' ? 150 : label === '100k fields' ? 1000 : undefined,
      note: 'read from the sealed views; no document replayed'
    },
    {
      name: `${label}: cold open (unlock + first list)`,
      value: of((r) => r.kdfMs + r.restMs + r.listMs),
      unit: 'ms',
      note: `first list alone: ${of((r) => r.listMs).toFixed(0)} ms`
    }
  ]
}

/** Set (the first edit of a record, then more), search and list on an unlocked vault, listed first. */
async function warmFigures(bench: BenchVault, label: string): Promise<Figure[]> {
  const vault = await Vault.unlock({ dir: bench.dir, passphrase: PASSPHRASE, secretKey: parseSecretKey(bench.secretKeyText) })
  try {
    const fields = bench.records * FIELDS_PER_RECORD
    await vault.list()
    let edit = 0
    // The first edit of a record after unlocking loads its document (lists and reads do not): one
    // set in each of up to SET_RUNS records not edited yet, each a different field.
    const firstEdits: number[] = []
    for (let r = 0; r < Math.min(SET_RUNS, bench.records); r++) {
      edit++
      const f = (edit * 37) % FIELDS_PER_RECORD
      firstEdits.push(await timeMs(() => vault.set(`${recordName(r)}.${fieldName(f)}`, valueFor(r, f, edit))))
    }
    // Then sets on those records, now loaded: fields spread over them, each given a new value.
    const loaded = Math.min(SET_RUNS, bench.records)
    const setOne = async (): Promise<void> => {
      edit++
      const r = (edit * 7919) % loaded
      const f = (edit * 31) % FIELDS_PER_RECORD
      await vault.set(`${recordName(r)}.${fieldName(f)}`, valueFor(r, f, edit))
    }
    const setMs = await medianMs(setOne, SET_RUNS, 5)
    let found = 0
    const searchMs = await medianMs(async () => {
      found = (await vault.search(NEEDLE.toLowerCase())).length
    }, READ_RUNS)
    let listed = 0
    const listMs = await medianMs(async () => {
      listed = (await vault.list()).length
    }, READ_RUNS)
    if (listed !== fields || found !== fields / NEEDLE_EVERY) {
      throw new Error(`Bench vault is not as built: listed ${listed} of ${fields} fields, search found ${found}`)
    }
    // What revoking a device costs here: every stored chunk and sealed record re-sealed under a new key.
    let rotation = 0
    const rekeyMs = await medianMs(async () => {
      rotation++
      await vault.adoptKey(sodium().crypto_aead_xchacha20poly1305_ietf_keygen(), `${rotation}:00000000000bench`)
    }, 3)
    return [
      { name: `${label}: re-key after a revocation`, value: rekeyMs, unit: 'ms', note: 're-seal every chunk and sealed record, one transaction; median of 3' },
      {
        name: `${label}: set one field until durable`,
        value: setMs,
        unit: 'ms',
        target: 5,
        note: `median of ${SET_RUNS}, in ${loaded} records already edited once since unlock`
      },
      {
        name: `${label}: first edit of a record after unlock`,
        value: median(firstEdits),
        unit: 'ms',
        note: `median of ${firstEdits.length}: loads the record's document (100 changes of history), then as above`
      },
      { name: `${label}: search (warm)`, value: searchMs, unit: 'ms', target: 10, note: `${found} hits` },
      { name: `${label}: list (warm)`, value: listMs, unit: 'ms', note: `${listed} fields` }
    ]
  } finally {
    await vault.close()
  }
}

async function measure(bench: BenchVault): Promise<Figure[]> {
  const label = `${(bench.records * FIELDS_PER_RECORD) / 1000}k fields`
  const cold = await unlockFigures(bench, label)
  // In a fresh process too, for the same reason as the cold runs.
  const warm = await runChild<Figure[]>(import.meta.url, [WARM_FLAG, JSON.stringify({ ...bench, label })])
  return [...cold, ...warm]
}

export async function benchVault(sizesInRecords: number[] = [10, 100, 1000]): Promise<Figure[]> {
  const root = mkdtempSync(join(tmpdir(), 'mevault-bench-vault-'))
  try {
    const dir = join(root, 'vault')
    const created = await Vault.create({ dir, passphrase: PASSPHRASE, deviceName: 'bench' })
    const bench: BenchVault = { dir, secretKeyText: created.recoveryKit.secretKey, records: 0 }
    await created.vault.close()
    const figures: Figure[] = []
    for (const records of sizesInRecords) {
      const vault = await Vault.unlock({ dir, passphrase: PASSPHRASE, secretKey: parseSecretKey(bench.secretKeyText) })
      const buildMs = await timeMs(() => addRecords(vault, bench.records, records))
      const added = (records - bench.records) * FIELDS_PER_RECORD
      await vault.close()
      bench.records = records
      const measured = await measure(bench)
      figures.push(
        {
          name: `${measured[0]!.name.split(':')[0]}: build, per field set`,
          value: buildMs / added,
          unit: 'ms',
          note: `${added} ${added > 100 * FIELDS_PER_RECORD ? 'fields, a record per change' : 'sets one at a time'}, ${(buildMs / 1000).toFixed(1)} s`
        },
        ...measured
      )
    }
    return figures
  } finally {
    rmSync(root, { recursive: true, force: true })
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [flag, arg] = process.argv.slice(2)
  if (flag === COLD_FLAG) {
    const secretKey = parseSecretKey(process.env[SECRET_KEY_ENV] ?? '')
    process.stdout.write(JSON.stringify(await coldRun(arg ?? '', secretKey)))
  } else if (flag === WARM_FLAG) {
    const { label, ...bench } = JSON.parse(arg ?? '{}') as BenchVault & { label: string }
    process.stdout.write(JSON.stringify(await warmFigures(bench, label)))
  } else {
    console.log(formatTable(await benchVault()))
  }
}
