import * as A from '@automerge/automerge'
import { describe, expect, it } from 'vitest'
import type { RecordDoc } from './documents.js'
import { makeInWorker, makeNewRecords, newRecordWorkerEntry, PARALLEL_FROM, type NewRecordJob } from './new-records.js'
import { recordView } from './record-state.js'

const STAMP = { updatedAt: '2026-12-02T06:00:00.000Z', device: 'laptop' }
const OPTIONS = { message: 'laptop', time: 1_796_000_000 }

function rows(count: number): NewRecordJob['records'] {
  return Array.from({ length: count }, (_, i) => ({
    record: `row_${i}`,
    writes: [
      ['given_name', { type: 'text', tier: 'private', value: `Given ${i}`, ...STAMP }],
      ['email', { type: 'email', tier: 'restricted', value: `person${i}@example.org`, ...STAMP }]
    ] as const
  }))
}

describe('new records made on two threads (an import of thousands of rows)', () => {
  it('gives every record, in order, with the same documents and views as made here alone', async () => {
    const records = rows(PARALLEL_FROM + 500)
    const both = await makeNewRecords({ records, options: OPTIONS })
    const here = await makeNewRecords({ records, options: OPTIONS }, undefined)
    expect(both.map((made) => made.view.name)).toEqual(records.map(({ record }) => record))
    for (const i of [0, 1_000, PARALLEL_FROM, records.length - 1]) {
      const doc = A.load<RecordDoc>(both[i]!.bytes)
      expect(A.toJS(doc)).toEqual(A.toJS(A.load<RecordDoc>(here[i]!.bytes)))
      expect(both[i]!.view).toEqual(recordView(`row_${i}`, doc))
      expect(A.getHistory(doc)[0]?.change).toMatchObject(OPTIONS)
    }
  })

  it('has a worker that makes records', async () => {
    const made = await makeInWorker(newRecordWorkerEntry()!, { records: rows(3), options: OPTIONS })
    expect(made.map((m) => m.view.name)).toEqual(['row_0', 'row_1', 'row_2'])
    expect(made[2]!.view).toEqual(recordView('row_2', A.load<RecordDoc>(made[2]!.bytes)))
  })

  it('still makes every record when the worker cannot start', async () => {
    const records = rows(PARALLEL_FROM)
    const made = await makeNewRecords({ records, options: OPTIONS }, new URL('./no-such-worker.mjs', import.meta.url))
    expect(made.map((m) => m.view.name)).toEqual(records.map(({ record }) => record))
    expect(A.toJS(A.load<RecordDoc>(made[PARALLEL_FROM - 1]!.bytes)).email).toBeDefined()
  })

  it('finds the worker beside the sources, and beside a bundle only where the build put it', () => {
    expect(newRecordWorkerEntry(new URL('./new-records.ts', import.meta.url).href)?.pathname).toMatch(/new-record-worker-from-source\.mjs$/)
    expect(newRecordWorkerEntry('file:///nowhere/dist/cli/chunks/vault-abc.js')).toBeUndefined()
  })
})
