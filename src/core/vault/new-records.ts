import { existsSync } from 'node:fs'
import { Worker } from 'node:worker_threads'
import type { PlainField } from './field-parts.js'
import { newRecord, type NewRecord } from './new-record.js'

export interface NewRecordJob {
  records: ReadonlyArray<{ record: string; writes: ReadonlyArray<readonly [string, PlainField]> }>
  options: { message: string; time: number }
}

/** Below this many new records, a worker's start (about 0.1 s) costs more than it saves. */
export const PARALLEL_FROM = 2_000
/**
 * The worker's share: more than half, since this thread also names the records in the index
 * while the worker works (see Vault.setFields).
 */
const WORKER_SHARE = 0.6

/**
 * Makes new records' documents (newRecord), a big batch (an import of thousands of rows) on two
 * cores: a worker thread makes the tail while this thread makes the head. This thread's share is
 * made before the first await, so a caller can do more of its own work while the worker finishes.
 * Results keep the order of `records`. If the worker cannot start or fails, this thread makes its
 * share too: the worker only makes it faster.
 */
export async function makeNewRecords(job: NewRecordJob, entry: URL | undefined = newRecordWorkerEntry()): Promise<NewRecord[]> {
  const { records, options } = job
  if (records.length < PARALLEL_FROM || entry === undefined) return records.map(({ record, writes }) => newRecord(record, writes, options))
  const split = Math.floor(records.length * (1 - WORKER_SHARE))
  const tail = records.slice(split)
  const fromWorker = makeInWorker(entry, { records: tail, options })
  const head = records.slice(0, split).map(({ record, writes }) => newRecord(record, writes, options))
  const rest = await fromWorker.catch(() => tail.map(({ record, writes }) => newRecord(record, writes, options)))
  return [...head, ...rest]
}

/** The records made on a worker thread of their own, which ends when it has answered. */
export function makeInWorker(entry: URL, job: NewRecordJob): Promise<NewRecord[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(entry)
    worker.once('message', (made: NewRecord[]) => {
      resolve(made)
      void worker.terminate()
    })
    // Only the kind of a failure is kept: its text could hold a value.
    worker.once('error', (error: Error) => reject(new Error(`The new-record worker failed (${error.name})`)))
    worker.once('exit', (code) => reject(new Error(`The new-record worker exited with code ${code}`)))
    worker.postMessage(job)
  })
}

/**
 * Where the worker's entry is, relative to this running file: beside it in the sources (through a
 * tsx bootstrap), or `new-record-worker.js` beside the bundle (dist/cli from scripts/build-cli.mjs,
 * out/main from electron-vite), this code then sitting there or in a chunks folder below it.
 */
export function newRecordWorkerEntry(here: string = import.meta.url): URL | undefined {
  if (here.endsWith('.ts')) return new URL('./new-record-worker-from-source.mjs', here)
  for (const candidate of ['./new-record-worker.js', '../new-record-worker.js']) {
    const url = new URL(candidate, here)
    if (existsSync(url)) return url
  }
  return undefined
}
