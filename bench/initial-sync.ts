/**
 * The first sync of a 10k-field vault to a newly paired device: real vaults (SQLite files in temp
 * dirs), a real invitation, `sync serve` and `sync now` over the secure channel on 127.0.0.1.
 * Each run is a fresh Node process, which also syncs the same documents between two bare
 * automerge-repo Repos (nodefs storage, the same secure transport) as a baseline: the ratio
 * ours / bare is what to compare on a noisy machine.
 * Run alone with `npx tsx bench/initial-sync.ts`, or through `npm run bench`.
 */
import * as A from '@automerge/automerge'
import { NodeFSStorageAdapter } from '@automerge/automerge-repo-storage-nodefs'
import { Repo, type DocumentId, type PeerId } from '@automerge/automerge-repo'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { acceptInvitation } from '../src/core/pairing/accept-invitation.js'
import { openInvitation } from '../src/core/pairing/invitation.js'
import { parseSecretKey } from '../src/core/crypto/secret-key.js'
import { SecureClientAdapter } from '../src/core/sync/secure-client-adapter.js'
import { SecureServerAdapter } from '../src/core/sync/secure-server-adapter.js'
import { serveSync, syncNow } from '../src/core/sync/sync-session.js'
import { namedDocumentsToSync, type SyncSummary } from '../src/core/sync/vault-sync.js'
import { pairedDevices, type TestDevice } from '../src/core/sync/testing/paired-devices.js'
import { Vault } from '../src/core/vault/vault.js'
import { formatTable, median, runChild, timeMs, type Figure } from './stats.js'

const PASSPHRASE = 'correct horse battery staple'
/** Unlock cost is not what is measured here: the cheapest Argon2id the vault accepts. */
const KDF = { opslimit: 1, memlimit: 64 * 1024 * 1024 }
const RUNS = Number(process.env.MEVAULT_BENCH_SYNC_RUNS ?? 3)
const RUN_FLAG = '--sync-run'
const quiet = { info: (): void => {}, warn: (): void => {} }

export interface Shape {
  records: number
  fieldsPerRecord: number
}

interface Source {
  dir: string
  secretKeyText: string
  fields: number
}

interface SyncRun {
  oursMs: number
  bareMs: number
  /** Documents with content on the laptop: what both sides must move. */
  documents: number
  /** Records the laptop's vault names. */
  records: number
}

const fieldPath = (r: number, f: number): string => `record${String(r).padStart(4, '0')}.field${String(f).padStart(3, '0')}`

/**
 * The device that has the data, filled through the public API as an import does: every record
 * written whole (one change each) in one setFields call. One change per field (set one at a time)
 * makes building the 1,000-record vault take over 30 s on a loaded machine, for no difference a
 * first sync cares about (it moves each document's saved state either way).
 */
async function buildSource(root: string, shape: Shape): Promise<Source> {
  const dir = join(root, 'laptop')
  const { vault, recoveryKit } = await Vault.create({ dir, passphrase: PASSPHRASE, deviceName: 'laptop', kdf: KDF })
  const entries = []
  for (let r = 0; r < shape.records; r++) {
    for (let f = 0; f < shape.fieldsPerRecord; f++) entries.push({ path: fieldPath(r, f), value: `Entry ${r}/${f}: Rue des Lilas ${(r * 31 + f) % 97}, 75011 Paris` })
  }
  await vault.setFields(entries)
  await vault.close()
  return { dir, secretKeyText: recoveryKit.secretKey, fields: shape.records * shape.fieldsPerRecord }
}

/** A new device joins the laptop's vault, then `sync now` against the laptop's `sync serve`, timed. */
async function timeVaultSync(laptop: Vault, root: string, name: string, expectFields: number): Promise<{ ms: number; documents: number }> {
  const invitation = await openInvitation(laptop, { logger: quiet })
  const { vault: phone } = await acceptInvitation(invitation.code, {
    dir: join(root, name),
    passphrase: PASSPHRASE,
    deviceName: name,
    kdf: KDF,
    logger: quiet
  })
  await invitation.close()
  const server = await serveSync(laptop, { logger: quiet })
  try {
    let summary: SyncSummary | undefined
    const ms = await timeMs(async () => {
      summary = await syncNow(phone, { host: server.host, port: server.port, logger: quiet })
    })
    if (summary!.fieldsAdded !== expectFields) throw new Error(`initial sync brought ${summary!.fieldsAdded} of ${expectFields} fields`)
    return { ms, documents: summary!.documents }
  } finally {
    await server.close()
    await phone.close()
  }
}

/**
 * The same documents between two bare Repos over the same secure transport, nodefs storage: the
 * receiving Repo finds every document by id, then flushes it to disk.
 */
async function timeBareSync(documents: Map<DocumentId, Uint8Array>, root: string): Promise<{ ms: number; documents: number }> {
  const [laptopDevice, phoneDevice] = pairedDevices('laptop', 'phone') as [TestDevice, TestDevice]
  const source = new Repo({ storage: new NodeFSStorageAdapter(join(root, 'bare-laptop')), peerId: 'bare-laptop' as PeerId, sharePolicy: async () => true })
  for (const [docId, bytes] of documents) source.import(bytes, { docId })
  await source.flush()
  const server = new SecureServerAdapter({ deviceKeys: laptopDevice.keys, trust: laptopDevice.trust, logger: quiet })
  const { port } = await server.listen()
  source.networkSubsystem.addNetworkAdapter(server)
  const client = new SecureClientAdapter({ deviceKeys: phoneDevice.keys, trust: phoneDevice.trust, logger: quiet, host: '127.0.0.1', port })
  try {
    let target: Repo | undefined
    const ms = await timeMs(async () => {
      target = new Repo({ storage: new NodeFSStorageAdapter(join(root, 'bare-phone')), network: [client], peerId: 'bare-phone' as PeerId })
      await new Promise((resolve) => target!.networkSubsystem.once('peer', resolve))
      // Under heavy load a find can give up before the laptop answered ("unavailable"): asked again.
      await Promise.all([...documents.keys()].map((id) => target!.find(id).catch(() => target!.find(id))))
      await target.flush()
    })
    // Counted after the clock stops: each document found, with the laptop's heads.
    let moved = 0
    for (const [id, bytes] of documents) {
      const handle = target!.handles[id]
      if (handle?.isReady() && A.getHeads(handle.doc() as A.Doc<unknown>).join() === A.getHeads(A.load(bytes)).join()) moved += 1
    }
    return { ms, documents: moved }
  } finally {
    client.disconnect()
    await server.close()
  }
}

/** A first sync of a small vault, untimed. */
async function warmUp(root: string): Promise<void> {
  const small = await buildSource(join(root, 'warm-up'), { records: 5, fieldsPerRecord: 5 })
  const laptop = await Vault.unlock({ dir: small.dir, passphrase: PASSPHRASE, secretKey: parseSecretKey(small.secretKeyText) })
  try {
    await laptop.syncPort().load(await namedDocumentsToSync(laptop))
    await timeVaultSync(laptop, root, 'warm-up-phone', small.fields)
  } finally {
    await laptop.close()
  }
}

/** One run, in a fresh process: ours and the bare baseline, in the order given. */
async function syncRun(source: Source, bareFirst: boolean): Promise<SyncRun> {
  const root = mkdtempSync(join(tmpdir(), 'mevault-bench-sync-run-'))
  try {
    const laptop = await Vault.unlock({ dir: source.dir, passphrase: PASSPHRASE, secretKey: parseSecretKey(source.secretKeyText) })
    try {
      // Untimed: every laptop document loaded (as a `sync serve` that has synced before), and the
      // process's one-off costs (module and WebAssembly compilation, JIT) paid on a small vault.
      // Listing reads only the sealed views, so the documents are loaded through the sync port.
      await laptop.syncPort().load(await namedDocumentsToSync(laptop))
      await warmUp(root)
      const documents = new Map<DocumentId, Uint8Array>()
      for (const handle of laptop.syncPort().readyHandles()) {
        // Only documents with content: an empty named document is not something a sync moves.
        if (handle.heads().length > 0) documents.set(handle.documentId, A.save(handle.doc() as A.Doc<unknown>))
      }
      const records = (await laptop.recordNames()).length
      let bare: { ms: number; documents: number } | undefined
      if (bareFirst) bare = await timeBareSync(documents, root)
      const ours = await timeVaultSync(laptop, root, 'phone', source.fields)
      if (!bareFirst) bare = await timeBareSync(documents, root)
      if (bare!.documents !== documents.size) throw new Error(`the bare Repos moved ${bare!.documents} of ${documents.size} documents`)
      if (ours.documents < documents.size) throw new Error(`our sync moved ${ours.documents} of ${documents.size} documents`)
      return { oursMs: ours.ms, bareMs: bare!.ms, documents: documents.size, records }
    } finally {
      await laptop.close()
    }
  } finally {
    rmSync(root, { recursive: true, force: true })
  }
}

/** One shape: its rows, from RUNS fresh processes (ours and bare in alternating order). */
async function benchShape(shape: Shape, target: number): Promise<Figure[]> {
  const root = mkdtempSync(join(tmpdir(), 'mevault-bench-sync-'))
  try {
    const source = await buildSource(root, shape)
    const runs: SyncRun[] = []
    for (let run = 0; run < RUNS; run++) {
      runs.push(await runChild<SyncRun>(import.meta.url, [RUN_FLAG, JSON.stringify({ source, bareFirst: run % 2 === 1 })]))
    }
    const { documents, records } = runs[0]!
    if (records !== shape.records) throw new Error(`the laptop vault holds ${records} records, not ${shape.records}`)
    const shapeName = `${shape.records} × ${shape.fieldsPerRecord}`
    const shapeNote = `${shape.records} records of ${shape.fieldsPerRecord} fields; ${documents} documents moved (${records} records, the index, ${documents - records - 1} named)`
    return [
      {
        name: `sync: first sync of ${source.fields / 1000}k fields to a new device, ${shapeName}`,
        value: median(runs.map((r) => r.oursMs)),
        unit: 'ms',
        target,
        note: `sync now on 127.0.0.1, ${shapeNote}; median of ${RUNS}`
      },
      { name: `sync: the same documents between two bare Repos, ${shapeName}`, value: median(runs.map((r) => r.bareMs)), unit: 'ms', note: 'nodefs storage, same secure transport: find every id, flush' },
      { name: `sync: first sync ratio ours / bare Repos, ${shapeName}`, value: median(runs.map((r) => r.oursMs / r.bareMs)), unit: 'x', note: `median of ${RUNS} paired ratios` }
    ]
  } finally {
    rmSync(root, { recursive: true, force: true })
  }
}

/** The two shapes of 10k fields: 100 records of 100 (target 3 s) and issue 10's 1,000 records of 10 (target 2 s). */
export const SHAPES: ReadonlyArray<{ shape: Shape; target: number }> = [
  { shape: { records: 100, fieldsPerRecord: 100 }, target: 3000 },
  { shape: { records: 1000, fieldsPerRecord: 10 }, target: 2000 }
]

/** Both shapes by default; `npx tsx bench/initial-sync.ts 1000 10` for one. */
export async function benchInitialSync(shapes: ReadonlyArray<{ shape: Shape; target: number }> = SHAPES): Promise<Figure[]> {
  const figures: Figure[] = []
  for (const { shape, target } of shapes) figures.push(...(await benchShape(shape, target)))
  return figures
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [flag, arg] = process.argv.slice(2)
  if (flag === RUN_FLAG) {
    const { source, bareFirst } = JSON.parse(arg ?? '{}') as { source: Source; bareFirst: boolean }
    process.stdout.write(JSON.stringify(await syncRun(source, bareFirst)))
    process.exit(0)
  } else {
    const [records, perRecord] = process.argv.slice(2).map(Number)
    const chosen = records ? SHAPES.filter(({ shape }) => shape.records === records && shape.fieldsPerRecord === (perRecord ?? 10)) : SHAPES
    const shapes = chosen.length > 0 ? chosen : [{ shape: { records: records!, fieldsPerRecord: perRecord ?? 10 }, target: 3000 }]
    console.log(formatTable(await benchInitialSync(shapes)))
  }
}
