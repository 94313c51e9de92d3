import { type DocHandle, ImmutableString } from '@automerge/automerge-repo'
import Database from 'better-sqlite3'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { makeVault, PASSPHRASE } from '../../../test/helpers/vault-fixture.js'
import { Vault } from './vault.js'

const FIELDS: Record<string, string> = {
  'contact.email': 'ada@example.org',
  'contact.phone': '+44 20 7946 0000',
  'identity.name': 'Ada Lovelace',
  'address.city': 'London'
}

async function unlock(dir: string, secretKey: Uint8Array): Promise<Vault> {
  return Vault.unlock({ dir, passphrase: PASSPHRASE, secretKey })
}

/** The record documents a vault has loaded into memory (replayed), by record name. */
function loadedRecords(vault: Vault, records: string[]): string[] {
  return records.filter((record) => vault.syncPort().handle(vault.recordDocumentId(record)) !== undefined)
}

function withDb<T>(dir: string, use: (db: Database.Database) => T): T {
  const db = new Database(join(dir, 'vault.db'))
  try {
    return use(db)
  } finally {
    db.close()
  }
}

const values = (fields: Array<{ path: string; value: string }>): string[][] => fields.map((f) => [f.path, f.value])

describe('the read model', () => {
  it('opens, lists, searches and gets without loading a single record document', async () => {
    const { dir, secretKey } = await makeVault(FIELDS)
    const vault = await unlock(dir, secretKey)
    try {
      expect((await vault.get('identity.name')).value).toBe('Ada Lovelace')
      expect((await vault.list()).length).toBe(4)
      expect((await vault.search('london')).map((f) => f.path)).toEqual(['address.city'])
      expect((await vault.status()).fields).toBe(4)
      expect(loadedRecords(vault, ['contact', 'identity', 'address'])).toEqual([])
      // An edit loads only its own record.
      await vault.set('contact.email', 'ada@lovelace.example')
      expect(loadedRecords(vault, ['contact', 'identity', 'address'])).toEqual(['contact'])
      expect((await vault.get('contact.email')).value).toBe('ada@lovelace.example')
    } finally {
      await vault.close()
    }
  })

  it('reads a record again from its document when it was saved outside the vault (a view gone stale)', async () => {
    const { dir, secretKey } = await makeVault(FIELDS)
    const writer = await unlock(dir, secretKey)
    // What a long-running sync does: automerge-repo saves the changed document itself, not the vault.
    const handle = (await writer.syncPort().find(writer.recordDocumentId('address'))) as DocHandle<Record<string, Record<string, ImmutableString>>>
    const later = new Date(Date.parse((await writer.get('address.city')).updatedAt) + 1000).toISOString()
    handle.change((doc) => {
      doc.city!.value = new ImmutableString('Paris')
      doc.city!.updatedAt = new ImmutableString(later)
    })
    await writer.syncPort().testing.flushChunksOnly([handle.documentId])
    await writer.close()

    const vault = await unlock(dir, secretKey)
    try {
      expect((await vault.get('address.city')).value).toBe('Paris')
      const { fields, damaged } = await vault.listWithDamage()
      expect(damaged).toEqual([])
      expect(fields.find((f) => f.path === 'address.city')?.value).toBe('Paris')
    } finally {
      await vault.close()
    }
    // The rebuilt view was written back: the next open reads it without loading the document.
    const again = await unlock(dir, secretKey)
    try {
      expect((await again.list()).find((f) => f.path === 'address.city')?.value).toBe('Paris')
      expect(loadedRecords(again, ['address'])).toEqual([])
    } finally {
      await again.close()
    }
  })

  it('never trusts an older view put back in place of the current one', async () => {
    const { dir, secretKey } = await makeVault(FIELDS)
    const contactId = (await withUnlocked(dir, secretKey, (vault) => vault.recordDocumentId('contact'))) as string
    const older = withDb(dir, (db) => (db.prepare('SELECT data FROM views WHERE doc = ?').get(contactId) as { data: Buffer }).data)
    await withUnlocked(dir, secretKey, (vault) => vault.set('contact.email', 'new@example.org'))
    withDb(dir, (db) => db.prepare('UPDATE views SET data = ? WHERE doc = ?').run(older, contactId))

    await withUnlocked(dir, secretKey, async (vault) => {
      expect((await vault.get('contact.email')).value).toBe('new@example.org')
      expect((await vault.list()).find((f) => f.path === 'contact.email')?.value).toBe('new@example.org')
    })
  })

  it('reads every record from its document when the views are missing (first open after an upgrade)', async () => {
    const { dir, secretKey } = await makeVault(FIELDS)
    const expected = await withUnlocked(dir, secretKey, async (vault) => values(await vault.list()))
    withDb(dir, (db) => db.prepare('DELETE FROM views').run())
    await withUnlocked(dir, secretKey, async (vault) => {
      const { fields, damaged, pending } = await vault.listWithDamage()
      expect(values(fields)).toEqual(expected)
      expect(damaged).toEqual([])
      expect(pending).toEqual([])
    })
    expect(withDb(dir, (db) => (db.prepare('SELECT count(*) AS n FROM views').get() as { n: number }).n)).toBeGreaterThanOrEqual(4)
  })

  it('reports a damaged view once, shows the record from its document, and repairs the view', async () => {
    const { dir, secretKey } = await makeVault(FIELDS)
    const identityId = (await withUnlocked(dir, secretKey, (vault) => vault.recordDocumentId('identity'))) as string
    withDb(dir, (db) => {
      const { data } = db.prepare('SELECT data FROM views WHERE doc = ?').get(identityId) as { data: Buffer }
      data[data.length - 5]! ^= 0x20
      db.prepare('UPDATE views SET data = ? WHERE doc = ?').run(data, identityId)
    })
    await withUnlocked(dir, secretKey, async (vault) => {
      const { fields, damaged } = await vault.listWithDamage()
      expect(fields.find((f) => f.path === 'identity.name')?.value).toBe('Ada Lovelace')
      expect(damaged.map((d) => d.record)).toEqual(['identity'])
      expect(damaged[0]!.message).toMatch(/saved view of record identity was damaged/)
    })
    await withUnlocked(dir, secretKey, async (vault) => {
      expect((await vault.listWithDamage()).damaged).toEqual([])
    })
  })

  it('sets many fields at once, all or nothing, and reads them from the views after a reopen', async () => {
    const { dir, secretKey } = await makeVault(FIELDS)
    await withUnlocked(dir, secretKey, (vault) => vault.setFields([
      { path: 'bulk.one', value: '1', type: 'number' },
      { path: 'bulk.two', value: 'two' },
      { path: 'contact.email', value: 'bulk@example.org' }
    ]))
    await withUnlocked(dir, secretKey, async (vault) => {
      expect(values(await vault.search('bulk'))).toEqual([['bulk.one', '1'], ['bulk.two', 'two'], ['contact.email', 'bulk@example.org']])
    })
    await expect(withUnlocked(dir, secretKey, (vault) => vault.setFields([{ path: 'bulk.three', value: '3' }, { path: 'bulk.bad', value: 'x', type: 'number' }]))).rejects.toThrow(/number/)
    await withUnlocked(dir, secretKey, async (vault) => {
      expect((await vault.list()).some((f) => f.path === 'bulk.three')).toBe(false) // all or nothing
    })
  })
})

async function withUnlocked<T>(dir: string, secretKey: Uint8Array, use: (vault: Vault) => T | Promise<T>): Promise<T> {
  const vault = await unlock(dir, secretKey)
  try {
    return await use(vault)
  } finally {
    await vault.close()
  }
}
