/**
 * A worker thread that makes new records' documents (new-records.ts hands it a share of a big
 * import). It loads Automerge and nothing of the vault: no key, no storage; it gets plain fields
 * and gives back bytes and views, which the vault seals and stores itself.
 */
import { parentPort } from 'node:worker_threads'
import { newRecord, type NewRecord } from './new-record.js'
import type { NewRecordJob } from './new-records.js'

if (!parentPort) throw new Error('new-record-worker runs only as a worker thread')
const port = parentPort
port.on('message', ({ records, options }: NewRecordJob) => {
  const made: NewRecord[] = records.map(({ record, writes }) => newRecord(record, writes, options))
  // The documents' bytes move to the vault's thread, not copied.
  port.postMessage(made, made.map(({ bytes }) => bytes.buffer as ArrayBuffer))
})
