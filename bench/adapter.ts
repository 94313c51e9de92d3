/**
 * Our encrypted SQLite storage adapter against automerge-repo's NodeFSStorageAdapter, on the same
 * automerge-repo workload (a Repo with storage only). Each pair of runs (ours and nodefs, order
 * alternating) is one fresh child process: automerge-repo does not release a shut-down Repo's
 * documents, so runs in one long process slow down as its memory grows (see docs/benchmarks.md).
 * Run alone with `npx tsx bench/adapter.ts`, or through `npm run bench`.
 */
import { Repo, type DocumentId, type StorageAdapterInterface } from '@automerge/automerge-repo'
import { NodeFSStorageAdapter } from '@automerge/automerge-repo-storage-nodefs'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { loadSodium, sodium } from '../src/core/crypto/sodium.js'
import { openDatabase, type Db } from '../src/core/store/database.js'
import { SqliteStorageAdapter } from '../src/core/store/sqlite-storage-adapter.js'
import { formatTable, median, runChild, timeMs, type Figure } from './stats.js'

const DOCS = 40
const ROUNDS = 10
const FIELDS_PER_ROUND = 10
const PAIRS = 5
const CHILD_FLAG = '--adapter-pair'

type Kind = 'sqlite' | 'sqlite-normal' | 'nodefs'
interface Phases {
  saveMs: number
  loadMs: number
}

/** A storage adapter of one kind in a fresh folder; `reopen` gives a new instance on the same data. */
function storageOf(kind: Kind, key: Uint8Array) {
  const dir = mkdtempSync(join(tmpdir(), `mevault-bench-${kind}-`))
  let db: Db | undefined
  const open = (): StorageAdapterInterface => {
    if (kind === 'nodefs') return new NodeFSStorageAdapter(dir)
    db?.close()
    db = openDatabase(join(dir, 'vault.db'), { create: true })
    // Only to show what the per-commit fsync costs; the vault always uses FULL.
    if (kind === 'sqlite-normal') db.pragma('synchronous = NORMAL')
    return new SqliteStorageAdapter(db, key)
  }
  const dispose = (): void => {
    db?.close()
    rmSync(dir, { recursive: true, force: true })
  }
  return { open, dispose }
}

/**
 * Save: DOCS documents get FIELDS_PER_ROUND fields each per round, with a flush after each round
 * (incremental saves, then compaction). Load: a fresh Repo on a fresh adapter opens them all.
 */
async function workload(kind: Kind, key: Uint8Array, docs = DOCS): Promise<Phases> {
  const storage = storageOf(kind, key)
  try {
    const ids: DocumentId[] = []
    let writer: Repo | undefined
    const saveMs = await timeMs(async () => {
      writer = new Repo({ storage: storage.open(), network: [] })
      const handles = Array.from({ length: docs }, () => writer!.create<Record<string, string>>({}))
      ids.push(...handles.map((h) => h.documentId))
      for (let round = 0; round < ROUNDS; round++) {
        handles.forEach((handle, d) =>
          handle.change((doc) => {
            for (let f = 0; f < FIELDS_PER_ROUND; f++) {
              const n = (d * ROUNDS + round) * FIELDS_PER_ROUND + f
              doc[`field${round}_${f}`] = `Entry ${n}: Rue des Lilas ${n % 97}, 75001 Paris`
            }
          })
        )
        await writer.flush()
      }
    })
    await writer!.shutdown()
    const reader = new Repo({ storage: storage.open(), network: [] })
    let fields = 0
    const loadMs = await timeMs(async () => {
      for (const id of ids) fields += Object.keys((await reader.find<Record<string, string>>(id)).doc()).length
    })
    await reader.shutdown()
    if (fields !== docs * ROUNDS * FIELDS_PER_ROUND) throw new Error(`${kind} loaded ${fields} fields`)
    return { saveMs, loadMs }
  } finally {
    storage.dispose()
  }
}

/** One pair in this process: a small warm-up of each (JIT), then each kind once, in the given order. */
async function runPair(order: Kind[]): Promise<Record<Kind, Phases>> {
  await loadSodium()
  const key = sodium().randombytes_buf(32)
  for (const kind of order) await workload(kind, key, 5)
  const result: Partial<Record<Kind, Phases>> = {}
  for (const kind of order) result[kind] = await workload(kind, key)
  return result as Record<Kind, Phases>
}

export async function benchAdapter(): Promise<Figure[]> {
  const pairs: Array<Record<Kind, Phases>> = []
  for (let i = 0; i < PAIRS; i++) {
    const order: Kind[] = i % 2 ? ['nodefs', 'sqlite', 'sqlite-normal'] : ['sqlite', 'sqlite-normal', 'nodefs']
    pairs.push(await runChild<Record<Kind, Phases>>(import.meta.url, [CHILD_FLAG, order.join(',')]))
  }
  const of = (kind: Kind, phase: keyof Phases): number => median(pairs.map((p) => p[kind][phase]))
  // The ratio of each pair (same process, same moment), then the median of those ratios.
  const ratio = (kind: Kind, phase: keyof Phases): number => median(pairs.map((p) => p[kind][phase] / p.nodefs[phase]))
  const workloadNote = `${DOCS} docs x ${ROUNDS} rounds of ${FIELDS_PER_ROUND} fields`
  return [
    { name: 'adapter: save, ours (SQLite, sealed)', value: of('sqlite', 'saveMs'), unit: 'ms', note: workloadNote },
    { name: 'adapter: save, nodefs', value: of('nodefs', 'saveMs'), unit: 'ms' },
    { name: 'adapter: save ratio ours / nodefs', value: ratio('sqlite', 'saveMs'), unit: 'x', target: 1.5, note: `median of ${PAIRS} paired ratios` },
    {
      name: 'adapter: save ratio, ours without per-commit fsync',
      value: ratio('sqlite-normal', 'saveMs'),
      unit: 'x',
      note: 'synchronous=NORMAL, for comparison only (nodefs does not fsync)'
    },
    { name: 'adapter: load, ours (SQLite, sealed)', value: of('sqlite', 'loadMs'), unit: 'ms', note: `fresh Repo opening all ${DOCS} docs` },
    { name: 'adapter: load, nodefs', value: of('nodefs', 'loadMs'), unit: 'ms' },
    { name: 'adapter: load ratio ours / nodefs', value: ratio('sqlite', 'loadMs'), unit: 'x', target: 1.5, note: `median of ${PAIRS} paired ratios` }
  ]
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const flag = process.argv.indexOf(CHILD_FLAG)
  if (flag >= 0) {
    const order = (process.argv[flag + 1] ?? '').split(',') as Kind[]
    process.stdout.write(JSON.stringify(await runPair(order)))
  } else {
    console.log(formatTable(await benchAdapter()))
  }
}
