import * as A from '@automerge/automerge'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { PASSPHRASE } from '../../../test/helpers/vault-fixture.js'
import { tempDir } from '../../../test/helpers/temp-dir.js'
import { parseSecretKey } from '../crypto/secret-key.js'
import { readField, type RecordDoc, writeField } from './documents.js'
import { EMPTY_DOCUMENT, newRecord } from './new-record.js'
import { recordView } from './record-state.js'
import { Vault } from './vault.js'

const STAMP = { updatedAt: '2026-12-02T06:00:00.000Z', device: 'laptop' }

describe('a new record made without a DocHandle (Vault.setFields)', () => {
  it('holds what the same change through A.change holds, with the same view', () => {
    const writes = [
      ['email', { type: 'email', tier: 'restricted', value: 'ada@example.org', ...STAMP }],
      ['name', { type: 'text', tier: 'private', value: 'Ada', ...STAMP }],
      ['name', { type: 'text', tier: 'public', value: 'Ada Lovelace', ...STAMP }] // written twice: the last stands
    ] as const
    const made = newRecord('contact', writes, { message: 'laptop', time: 1_796_000_000 })
    const loaded = A.load<RecordDoc>(made.bytes)
    const viaChange = A.change(A.load<RecordDoc>(EMPTY_DOCUMENT), (doc) => {
      for (const [field, next] of writes) writeField(doc, field, next)
    })
    expect(A.toJS(loaded)).toEqual(A.toJS(viaChange))
    expect(readField(loaded.name!)).toEqual({ type: 'text', tier: 'public', value: 'Ada Lovelace', ...STAMP })
    expect(made.view).toEqual(recordView('contact', loaded))
    const [change] = A.getHistory(loaded)
    expect(change?.change).toMatchObject({ message: 'laptop', time: 1_796_000_000 })
    // Each new record's change has an actor of its own.
    const other = newRecord('contact', writes, { message: 'laptop', time: 1_796_000_000 })
    const actorOf = (bytes: Uint8Array): string | undefined => A.getHistory(A.load(bytes))[0]?.change.actor
    expect(actorOf(other.bytes)).toMatch(/^[0-9a-f]{32}$/)
    expect(actorOf(other.bytes)).not.toBe(actorOf(made.bytes))
  })

  it('is stored, opened again after unlock, edited, and its history kept', async () => {
    const dir = join(tempDir('mevault-new-record'), 'vault')
    const { vault, recoveryKit } = await Vault.create({ dir, passphrase: PASSPHRASE, deviceName: 'laptop' })
    await vault.set('contact.email', 'ada@example.org')
    // One call: a record that exists (edited through its handle) and 300 new ones (made directly).
    const rows = Array.from({ length: 300 }, (_, i) => [
      { path: `row_${i}.given_name`, value: `Given ${i}` },
      { path: `row_${i}.email`, value: `Person${i}@Example.org`, type: 'email' as const, tier: 'restricted' as const }
    ]).flat()
    expect(await vault.setFields([{ path: 'contact.email', value: 'ada@lovelace.example' }, ...rows])).toBe(601)
    expect(await vault.get('row_7.email')).toMatchObject({ value: 'person7@example.org', tier: 'restricted', type: 'email' })
    expect((await vault.recordNames()).length).toBe(301)
    await vault.close()

    const again = await Vault.unlock({ dir, passphrase: PASSPHRASE, secretKey: parseSecretKey(recoveryKit.secretKey) })
    try {
      expect((await again.list()).length).toBe(601)
      expect(await again.get('row_299.given_name')).toMatchObject({ value: 'Given 299', tier: 'private' })
      // A record that is only on disk (not loaded) is not new: a write adds to it rather than over it.
      expect(await again.setFields([{ path: 'row_9.phone', value: '+44 1' }, { path: 'fresh.note', value: 'new' }])).toBe(2)
      expect((await again.list()).filter((f) => f.record === 'row_9').map((f) => f.field)).toEqual(['email', 'given_name', 'phone'])
      // Opening the document itself: the stored snapshot loads through the Repo and matches its heads.
      await again.set('row_7.given_name', 'Seven')
      expect((await again.history('row_7.given_name')).map((v) => v.value)).toEqual(['Given 7', 'Seven'])
      expect((await again.history('contact.email')).map((v) => v.value)).toEqual(['ada@example.org', 'ada@lovelace.example'])
      await again.remove('row_8.email')
      expect((await again.list()).length).toBe(602)
    } finally {
      await again.close()
    }
  })
})
