import Database from 'better-sqlite3'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../../../test/helpers/temp-dir.js'
import { parseSecretKey } from '../crypto/secret-key.js'
import { Vault } from './vault.js'

/** The sealed chunks as stored, read beside the open vault. */
function readChunks(dir: string): unknown[] {
  const db = new Database(join(dir, 'vault.db'), { readonly: true })
  try {
    return db.prepare('SELECT key, data FROM chunks ORDER BY id').all()
  } finally {
    db.close()
  }
}

const PASSPHRASE = 'correct horse battery staple'

async function newVault(clock?: () => Date) {
  const dir = join(tempDir(), 'vault')
  const { vault, recoveryKit } = await Vault.create({ dir, passphrase: PASSPHRASE, deviceName: 'laptop', clock })
  return { dir, vault, secretKey: parseSecretKey(recoveryKit.secretKey), recoveryKit }
}

describe('Vault', () => {
  it('keeps fields across lock and unlock, each in its tier', async () => {
    const { dir, vault, secretKey, recoveryKit } = await newVault()
    expect(recoveryKit.did).toMatch(/^did:key:z6Mk/)
    await vault.set('contact.email', 'Ada@Example.org', { type: 'email', tier: 'restricted' })
    await vault.set('identity.name', 'Ada Lovelace', { tier: 'public' })
    await vault.set('finance.iban', 'FR76 3000 6000 0112 3456 7890 189')
    await vault.close()

    const reopened = await Vault.unlock({ dir, passphrase: PASSPHRASE, secretKey })
    expect(await reopened.list()).toMatchObject([
      { path: 'contact.email', value: 'ada@example.org', type: 'email', tier: 'restricted', device: 'laptop' },
      { path: 'finance.iban', tier: 'private', type: 'text' },
      { path: 'identity.name', value: 'Ada Lovelace', tier: 'public' }
    ])
    expect(reopened.did).toBe(recoveryKit.did)
    expect(await reopened.status()).toMatchObject({ records: 3, fields: 3, tiers: { private: 1, restricted: 1, public: 1 } })
    await reopened.close()
  })

  it('tells a wrong passphrase from a wrong secret key, and opens with neither', async () => {
    const { dir, vault, secretKey } = await newVault()
    await vault.close()
    await expect(Vault.unlock({ dir, passphrase: 'nope', secretKey })).rejects.toMatchObject({
      code: 'WRONG_CREDENTIALS',
      message: 'Wrong passphrase'
    })
    const otherKey = secretKey.slice()
    otherKey[0] = otherKey[0]! ^ 0xff
    await expect(Vault.unlock({ dir, passphrase: PASSPHRASE, secretKey: otherKey })).rejects.toMatchObject({
      code: 'WRONG_CREDENTIALS',
      message: 'The secret key does not belong to this vault'
    })
    // A failed attempt leaves the vault unlockable.
    await (await Vault.unlock({ dir, passphrase: PASSPHRASE, secretKey })).close()
  })

  it('changes the passphrase by re-wrapping the key, without re-encrypting the data', async () => {
    const { dir, vault, secretKey } = await newVault()
    await vault.set('contact.phone', '+44 20 7946 0000', { type: 'phone' })
    const chunksBefore = readChunks(dir)
    await vault.changePassphrase('a new and longer passphrase')
    expect(readChunks(dir)).toEqual(chunksBefore)
    await vault.close()
    await expect(Vault.unlock({ dir, passphrase: PASSPHRASE, secretKey })).rejects.toMatchObject({ code: 'WRONG_CREDENTIALS' })
    const reopened = await Vault.unlock({ dir, passphrase: 'a new and longer passphrase', secretKey })
    expect((await reopened.get('contact.phone')).value).toBe('+44 20 7946 0000')
    await reopened.close()
  })

  it('finds fields by label or value regardless of case and accents', async () => {
    const { vault } = await newVault()
    await vault.set('identity.name', 'Élodie Müller')
    await vault.set('contact.city', 'Zürich')
    await vault.set('contact.email', 'elodie@example.ch', { type: 'email' })
    expect((await vault.search('ELODIE')).map((f) => f.path)).toEqual(['contact.email', 'identity.name'])
    expect((await vault.search('zurich')).map((f) => f.path)).toEqual(['contact.city'])
    expect((await vault.search('city')).map((f) => f.path)).toEqual(['contact.city'])
    expect(await vault.search('nowhere')).toEqual([])
    await vault.close()
  })

  it('keeps each earlier value with its time and device, and restores one', async () => {
    let now = Date.parse('2026-01-01T10:00:00Z')
    const { vault } = await newVault(() => new Date(now))
    await vault.set('contact.city', 'Paris')
    now += 60_000
    await vault.set('contact.city', 'Lyon')
    now += 60_000
    await vault.setTier('contact.city', 'public')
    now += 60_000
    await vault.remove('contact.city')
    expect(await vault.history('contact.city')).toEqual([
      { version: 1, value: 'Paris', type: 'text', tier: 'private', at: '2026-01-01T10:00:00.000Z', device: 'laptop' },
      { version: 2, value: 'Lyon', type: 'text', tier: 'private', at: '2026-01-01T10:01:00.000Z', device: 'laptop' },
      { version: 3, value: 'Lyon', type: 'text', tier: 'public', at: '2026-01-01T10:02:00.000Z', device: 'laptop' },
      { version: 4, value: null, type: null, tier: null, at: '2026-01-01T10:03:00.000Z', device: 'laptop' }
    ])
    await expect(vault.get('contact.city')).rejects.toMatchObject({ code: 'NOT_FOUND' })
    expect(await vault.restore('contact.city', 1)).toMatchObject({ value: 'Paris', tier: 'private' })
    expect((await vault.get('contact.city')).value).toBe('Paris')
    await vault.close()
  })

  it('refuses a malformed value with a message that names the field, not the value', async () => {
    const { vault } = await newVault()
    const attempt = vault.set('contact.email', 'secret-not-an-email', { type: 'email' })
    await expect(attempt).rejects.toMatchObject({ code: 'BAD_INPUT', message: 'The value for contact.email is not an email address' })
    await expect(vault.set('contact', 'x')).rejects.toMatchObject({ code: 'BAD_INPUT' })
    await expect(vault.set('finance.salary', '12 apples', { type: 'money' })).rejects.toMatchObject({ code: 'BAD_INPUT' })
    expect((await vault.set('finance.salary', '4200.50 eur', { type: 'money' })).value).toBe('4200.50 EUR')
    expect(await vault.list()).toHaveLength(1)
    await vault.close()
  })

  it('lets only one process open a vault at a time', async () => {
    const { dir, vault, secretKey } = await newVault()
    await expect(Vault.unlock({ dir, passphrase: PASSPHRASE, secretKey, lockWaitMs: 100 })).rejects.toMatchObject({
      code: 'BUSY'
    })
    await vault.close()
    await (await Vault.unlock({ dir, passphrase: PASSPHRASE, secretKey, lockWaitMs: 100 })).close()
  })

  it('keeps every one of many concurrent edits, without a stored copy per edit', async () => {
    const { dir, vault, secretKey } = await newVault()
    await Promise.all(Array.from({ length: 60 }, (_, i) => vault.set(`burst.f${i}`, `v${i}`)))
    await vault.close()
    // Overlapping saves of one document would each store a full copy (60 snapshots).
    expect(readChunks(dir).length).toBeLessThan(20)
    const reopened = await Vault.unlock({ dir, passphrase: PASSPHRASE, secretKey })
    expect((await reopened.list()).map((f) => f.value).sort()).toEqual(Array.from({ length: 60 }, (_, i) => `v${i}`).sort())
    await reopened.close()
  })

  it('writes the vault as one file with no plaintext once closed', async () => {
    const { dir, vault } = await newVault()
    await vault.set('identity.passport', 'PASSPORT-X91-UNIQUE')
    await vault.close()
    expect(readFileSync(join(dir, 'vault.db')).includes('PASSPORT-X91-UNIQUE')).toBe(false)
  })
})
