import * as A from '@automerge/automerge'
import type { DocumentId } from '@automerge/automerge-repo'
import { afterEach, describe, expect, it } from 'vitest'
import { peerIdOf } from '../../src/core/devices/device-list.js'
import { documentIdFor, recordDocumentName } from '../../src/core/vault/documents.js'
import { encodeEnd, encodeParts, type CopiedDocument } from '../../src/core/sync/first-copy-frames.js'
import { SecureServerAdapter } from '../../src/core/sync/secure-server-adapter.js'
import { recordingLogger } from '../../src/core/sync/testing/paired-devices.js'
import { TcpTap } from '../../src/core/sync/testing/tcp-tap.js'
import { encodeFrame } from '../../src/core/sync/wire-frames.js'
import { serveSync, syncNow, type SyncServer } from '../../src/core/sync/sync-session.js'
import type { Vault } from '../../src/core/vault/vault.js'
import { isMeVaultError } from '../../src/shared/errors.js'
import type { FieldView } from '../../src/shared/types.js'
import { vaultPeers } from './vault-peers.js'

/*
 * The first sync of a new device: every record arrives in one batch over the secure channel and is
 * stored without a sync round per document (src/core/sync/first-copy-*.ts). Real vaults, real
 * invitations, real sockets on 127.0.0.1; the damaged batches come from a real secure server
 * holding the laptop's own device key (a paired device that sends nonsense), or from a relay that
 * alters or cuts the bytes on their way.
 */

const RECORDS = 40
const FIELDS = 4
const TIERS = ['private', 'restricted', 'public'] as const

let peers = vaultPeers()
const servers: SyncServer[] = []
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close()
  await peers.closeAll()
  peers = vaultPeers()
})

/** A laptop with RECORDS records of FIELDS fields in every tier, one field removed, and its `sync serve`. */
async function laptopServing(): Promise<{ laptop: Vault; server: SyncServer }> {
  const laptop = await peers.first('laptop')
  const entries = []
  for (let r = 0; r < RECORDS; r += 1) {
    for (let f = 0; f < FIELDS; f += 1) entries.push({ path: `record${r}.field${f}`, value: `value ${r}/${f}`, tier: TIERS[(r + f) % 3] })
  }
  await laptop.setFields(entries)
  await laptop.set('record0.field0', 'edited after the import', { tier: 'public' })
  await laptop.remove('record1.field1')
  const server = await serveSync(laptop, { logger: recordingLogger() })
  servers.push(server)
  return { laptop, server }
}

const shown = (fields: FieldView[]): string[][] => fields.map((f) => [f.path, f.type, f.tier, f.value])

async function failureOf(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise
  } catch (error) {
    if (isMeVaultError(error)) return { code: error.code, message: error.message }
    throw error
  }
  throw new Error('expected the sync to fail')
}

/** What the phone holds: nothing but its own device list and the like, no record, nothing damaged. */
async function expectNoRecords(phone: Vault): Promise<void> {
  const read = await phone.listWithDamage()
  expect(read.fields).toEqual([])
  expect(read.damaged).toEqual([])
  expect(await phone.recordNames()).toEqual([])
}

describe('the first sync of a new device', () => {
  it('brings every field with its tier in one batch, and the phone reads them again after a restart', async () => {
    const { laptop, server } = await laptopServing()
    const phone = await peers.join(laptop, 'phone')

    const summary = await syncNow(phone, { host: server.host, port: server.port, logger: recordingLogger() })

    const expected = shown(await laptop.list())
    expect(expected.length).toBe(RECORDS * FIELDS - 1)
    expect(shown(await phone.list())).toEqual(expected)
    expect(summary.fieldsAdded).toBe(RECORDS * FIELDS - 1)
    expect(summary.recordsAdded).toBe(RECORDS)
    // Stored, not synced document by document: no record was loaded into the phone's Repo.
    expect(phone.syncPort().handle(phone.recordDocumentId('record5'))).toBeUndefined()

    const again = await peers.reopen(phone)
    const read = await again.listWithDamage()
    expect(read.damaged).toEqual([])
    expect(read.pending).toEqual([])
    expect(shown(read.fields)).toEqual(expected)
    expect((await again.history('record0.field0')).map((v) => v.value)).toEqual(['value 0/0', 'edited after the import'])
  })

  it('lets the phone edit a record it received, and the edit reaches the laptop', async () => {
    const { laptop, server } = await laptopServing()
    const phone = await peers.join(laptop, 'phone')
    await syncNow(phone, { host: server.host, port: server.port, logger: recordingLogger() })

    await phone.set('record3.field2', 'edited on the phone', { tier: 'private' })
    const back = await syncNow(phone, { host: server.host, port: server.port, logger: recordingLogger() })

    expect(back.fieldsAdded + back.fieldsUpdated + back.fieldsRemoved).toBe(0) // nothing new came to the phone
    const onLaptop = await laptop.get('record3.field2')
    expect([onLaptop.value, onLaptop.tier]).toEqual(['edited on the phone', 'private'])
    expect(shown(await laptop.list())).toEqual(shown(await phone.list()))
  })

  it('brings a record the laptop changed after the copy with the next sync', async () => {
    const { laptop, server } = await laptopServing()
    const phone = await peers.join(laptop, 'phone')
    await syncNow(phone, { host: server.host, port: server.port, logger: recordingLogger() })

    await laptop.set('record9.field0', 'changed after the copy')
    const next = await syncNow(phone, { host: server.host, port: server.port, logger: recordingLogger() })

    expect(next.fieldsUpdated).toBe(1)
    expect((await phone.get('record9.field0')).value).toBe('changed after the copy')
    expect(shown(await phone.list())).toEqual(shown(await laptop.list()))
  })

  it('takes the normal way on a device that already has records of its own, and merges both', async () => {
    const { laptop, server } = await laptopServing()
    const phone = await peers.join(laptop, 'phone')
    await phone.set('phone.note', 'written on the phone first')

    await syncNow(phone, { host: server.host, port: server.port, logger: recordingLogger() })

    expect((await laptop.get('phone.note')).value).toBe('written on the phone first')
    expect(shown(await phone.list())).toEqual(shown(await laptop.list()))
    // Synced document by document: the records are loaded in the phone's Repo.
    expect(phone.syncPort().handle(phone.recordDocumentId('record5'))).toBeDefined()
  })
})

/**
 * A paired device gone wrong: a real secure server with the laptop's own device key and peer id
 * (so the phone trusts it) that answers a first copy with `frames`, made from the laptop's real
 * documents by `damage`, then leaves the connection open (or closes it, when `close` is set).
 */
async function impostorServing(
  laptop: Vault,
  phone: Vault,
  damage: (documents: CopiedDocument[], heads: Map<DocumentId, string[]>) => Uint8Array[],
  close = false
): Promise<{ port: number; stop(): Promise<void> }> {
  const copy = laptop.syncPort().firstCopy
  const saved = await copy.savedBytes(await laptop.syncPort().documentIds([]))
  const documents = [...saved].map(([id, bytes]) => ({ id, bytes }))
  const frames = damage(documents, copy.headsNow([...saved.keys()]))
  const adapter = new SecureServerAdapter({
    deviceKeys: laptop.device.keys,
    trust: (key) => (Buffer.from(key).equals(Buffer.from(phone.device.keys.publicKey)) ? { deviceId: phone.device.id, peerId: peerIdOf(phone.device.id) } : undefined),
    logger: recordingLogger()
  })
  adapter.onFirstCopy((channel) => {
    for (const frame of frames) channel.send(frame)
    if (close) channel.close()
  })
  adapter.connect(peerIdOf(laptop.device.id))
  const { port } = await adapter.listen()
  return { port, stop: () => adapter.close() }
}

describe('a first copy that is damaged changes nothing', () => {
  const cases: Array<{ name: string; code: string; close?: boolean; damage: (documents: CopiedDocument[], heads: Map<DocumentId, string[]>) => Uint8Array[] }> = [
    {
      name: 'a document that does not load as Automerge',
      code: 'INTEGRITY',
      damage: (documents, heads) => {
        const broken = documents.map((doc, i) => (i === 3 ? { id: doc.id, bytes: doc.bytes.slice(0, Math.floor(doc.bytes.length / 2)) } : doc))
        return [...encodeParts(broken), encodeEnd({ count: broken.length, heads })]
      }
    },
    {
      name: 'a document under an id the index does not name',
      code: 'INTEGRITY',
      damage: (documents, heads) => {
        // A record id derived with another vault's naming key: well formed, but not one of this vault's.
        const stranger = { id: documentIdFor(new Uint8Array(32).fill(7), recordDocumentName('record0')), bytes: A.save(A.from({ note: 'not one of this vault' })) }
        const withStranger = [...documents, stranger]
        return [...encodeParts(withStranger), encodeEnd({ count: withStranger.length, heads })]
      }
    },
    {
      name: 'fewer documents than the end of the batch counts',
      code: 'INTEGRITY',
      damage: (documents, heads) => [...encodeParts(documents.slice(0, -5)), encodeEnd({ count: documents.length, heads })]
    },
    {
      name: 'a batch cut off before its end',
      code: 'CONNECTION_LOST',
      close: true,
      damage: (documents) => encodeParts(documents.slice(0, 10))
    }
  ]
  for (const { name, code, close, damage } of cases) {
    it(`refuses ${name}, stores none of it, and a later sync with the real laptop completes`, async () => {
      const { laptop, server } = await laptopServing()
      const phone = await peers.join(laptop, 'phone')
      const impostor = await impostorServing(laptop, phone, damage, close)
      try {
        const failure = await failureOf(syncNow(phone, { host: '127.0.0.1', port: impostor.port, logger: recordingLogger(), timeoutMs: 5_000 }))
        expect(failure.code).toBe(code)
        expect(failure.message).toMatch(code === 'INTEGRITY' ? /damaged first copy.*nothing of it was stored/ : /did not finish/)
      } finally {
        await impostor.stop()
      }
      await expectNoRecords(phone)
      const again = await peers.reopen(phone)
      await expectNoRecords(again)

      await syncNow(again, { host: server.host, port: server.port, logger: recordingLogger() })
      expect(shown(await again.list())).toEqual(shown(await laptop.list()))
    })
  }

  it('refuses a batch altered on the wire (the channel fails to open it), and a later sync completes', async () => {
    const { laptop, server } = await laptopServing()
    const phone = await peers.join(laptop, 'phone')
    const tap = new TcpTap(server.port)
    tap.rewriteFrames = (direction, _index, frame) => {
      if (direction === 'to-client' && frame.length > 1000) {
        const flipped = frame.slice()
        flipped[500]! ^= 0x01
        return [flipped]
      }
      return [frame]
    }
    const port = await tap.start()
    try {
      const failure = await failureOf(syncNow(phone, { host: '127.0.0.1', port, logger: recordingLogger(), timeoutMs: 5_000 }))
      expect(failure.code).toBe('CONNECTION_LOST')
    } finally {
      await tap.stop()
    }
    await expectNoRecords(phone)

    await syncNow(phone, { host: server.host, port: server.port, logger: recordingLogger() })
    expect(shown(await phone.list())).toEqual(shown(await laptop.list()))
  })

  it('keeps nothing of a batch whose connection is cut halfway through a part, and a later sync completes', async () => {
    const { laptop, server } = await laptopServing()
    const phone = await peers.join(laptop, 'phone')
    const tap = new TcpTap(server.port)
    let dead = false
    tap.rewriteFrames = (direction, _index, frame) => {
      if (dead) return []
      if (direction === 'to-client' && frame.length > 1000) {
        dead = true
        setImmediate(() => tap.endAll())
        return [{ bytes: encodeFrame(frame).subarray(0, Math.floor(frame.length / 2)) }]
      }
      return [frame]
    }
    const port = await tap.start()
    try {
      const failure = await failureOf(syncNow(phone, { host: '127.0.0.1', port, logger: recordingLogger(), timeoutMs: 5_000 }))
      expect(failure.code).toBe('CONNECTION_LOST')
      expect(failure.message).toMatch(/did not finish.*run it again/)
    } finally {
      await tap.stop()
    }
    const again = await peers.reopen(phone)
    await expectNoRecords(again)

    const summary = await syncNow(again, { host: server.host, port: server.port, logger: recordingLogger() })
    expect(summary.fieldsAdded).toBe(RECORDS * FIELDS - 1)
    expect(shown(await again.list())).toEqual(shown(await laptop.list()))
  })
})
