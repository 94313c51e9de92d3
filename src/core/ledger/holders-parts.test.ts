import Database from 'better-sqlite3'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../../../test/helpers/temp-dir.js'
import { parseSecretKey } from '../crypto/secret-key.js'
import { loadSodium, sodium } from '../crypto/sodium.js'
import { sampleRequest } from '../requests/sample-request.js'
import { Vault } from '../vault/vault.js'
import { answerRequest, whoHas } from './index.js'

const PASSPHRASE = 'correct horse battery staple'

/** A vault that answered two requests (January and February), closed; returns how to reopen it. */
async function ledgerOfTwoAnswers() {
  let now = new Date('2026-01-15T10:00:00Z')
  const dir = join(tempDir('mevault-holders'), 'vault')
  const { vault, recoveryKit } = await Vault.create({ dir, passphrase: PASSPHRASE, deviceName: 'laptop', clock: () => now })
  await vault.set('contact.email', 'ada@example.org', { tier: 'public' })
  await vault.set('identity.full_name', 'Ada Lovelace', { tier: 'restricted' })
  const first = await answerRequest(vault, { requestBytes: JSON.stringify(sampleRequest()), approve: ['contact.email'] })
  now = new Date('2026-02-03T09:00:00Z')
  const second = await answerRequest(vault, {
    requestBytes: JSON.stringify(sampleRequest({ id: 'req-2', nonce: 'secondNonce0000000000' })),
    approve: ['contact.email', 'identity.full_name']
  })
  await vault.close()
  const reopen = () => Vault.unlock({ dir, passphrase: PASSPHRASE, secretKey: parseSecretKey(recoveryKit.secretKey) })
  return { dir, reopen, ids: [second.receipt.id, first.receipt.id] }
}

const partRows = (dir: string): Array<{ doc: string; part: string; data: Buffer }> => {
  const db = new Database(join(dir, 'vault.db'), { readonly: true })
  try {
    return db.prepare('SELECT doc, part, data FROM view_parts ORDER BY doc, part').all() as Array<{ doc: string; part: string; data: Buffer }>
  } finally {
    db.close()
  }
}

function replaceParts(dir: string, rows: ReadonlyArray<{ doc: string; part: string; data: Buffer }>): void {
  const db = new Database(join(dir, 'vault.db'))
  try {
    db.transaction(() => {
      db.prepare('DELETE FROM view_parts').run()
      for (const row of rows) db.prepare('INSERT INTO view_parts (doc, part, data) VALUES (?, ?, ?)').run(row.doc, row.part, row.data)
    })()
  } finally {
    db.close()
  }
}

describe("the ledger's who-has slices (view parts)", () => {
  it('are written with each answer, under hashed names: no field path reaches the disk', async () => {
    const { dir, reopen, ids } = await ledgerOfTwoAnswers()
    const rows = partRows(dir)
    // Two months: each a manifest and one slice per field disclosed that month.
    expect(rows.length).toBe(2 + 1 + 2)
    for (const row of rows) {
      expect(row.part).toMatch(/^([0-9a-f]{32})?$/)
      expect(row.data.toString('latin1')).not.toContain('contact.email')
    }
    const vault = await reopen()
    expect((await whoHas(vault, 'contact.email')).map((h) => h.receiptId)).toEqual(ids)
    expect((await whoHas(vault, 'identity.full_name')).map((h) => h.receiptId)).toEqual([ids[0]])
    expect(await whoHas(vault, 'identity.date_of_birth')).toEqual([])
    await vault.close()
  })

  it('an altered slice is never trusted: who-has reads the view instead and writes the slice again', async () => {
    const { dir, reopen, ids } = await ledgerOfTwoAnswers()
    const damaged = partRows(dir).map((row) => {
      const data = Buffer.from(row.data)
      data[data.length - 1]! ^= 0x01
      return { ...row, data }
    })
    replaceParts(dir, damaged)
    const vault = await reopen()
    expect((await whoHas(vault, 'contact.email')).map((h) => h.receiptId)).toEqual(ids)
    await vault.close()
    const rewritten = partRows(dir).filter((row) => row.part !== '')
    expect(rewritten.length).toBeGreaterThan(0)
    expect(rewritten.every((row) => !damaged.some((d) => d.data.equals(row.data)))).toBe(true)
  })

  it('slices read from older chunks are stale: an answer they do not know of is still found', async () => {
    let now = new Date('2026-01-15T10:00:00Z')
    const dir = join(tempDir('mevault-holders'), 'vault')
    const { vault, recoveryKit } = await Vault.create({ dir, passphrase: PASSPHRASE, deviceName: 'laptop', clock: () => now })
    await vault.set('contact.email', 'ada@example.org', { tier: 'public' })
    const first = await answerRequest(vault, { requestBytes: JSON.stringify(sampleRequest()), approve: ['contact.email'] })
    const before = partRows(dir)
    now = new Date('2026-01-20T10:00:00Z')
    const second = await answerRequest(vault, {
      requestBytes: JSON.stringify(sampleRequest({ id: 'req-2', nonce: 'secondNonce0000000000' })),
      approve: ['contact.email']
    })
    await vault.close()
    // Slices sealed by this vault, but read from the month's chunks before the second answer.
    replaceParts(dir, before)
    const reopened = await Vault.unlock({ dir, passphrase: PASSPHRASE, secretKey: parseSecretKey(recoveryKit.secretKey) })
    expect((await whoHas(reopened, 'contact.email')).map((h) => h.receiptId)).toEqual([second.receipt.id, first.receipt.id])
    await reopened.close()
  })

  it('a vault from before slices (none stored) gets them from its views at the first who-has', async () => {
    const { dir, reopen, ids } = await ledgerOfTwoAnswers()
    replaceParts(dir, [])
    const vault = await reopen()
    expect((await whoHas(vault, 'contact.email')).map((h) => h.receiptId)).toEqual(ids)
    await vault.close()
    expect(partRows(dir).length).toBe(5)
  })

  it('a new vault key (rotation) drops the slices, and who-has writes them again under it', async () => {
    const { dir, reopen, ids } = await ledgerOfTwoAnswers()
    const vault = await reopen()
    await loadSodium()
    await vault.adoptKey(sodium().crypto_aead_xchacha20poly1305_ietf_keygen(), `1:${vault.device.id}`)
    expect(partRows(dir)).toEqual([])
    expect((await whoHas(vault, 'contact.email')).map((h) => h.receiptId)).toEqual(ids)
    await vault.close()
    expect(partRows(dir).length).toBeGreaterThan(0)
    const again = await reopen()
    expect((await whoHas(again, 'identity.full_name')).map((h) => h.receiptId)).toEqual([ids[0]])
    await again.close()
  })
})
