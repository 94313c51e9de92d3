import Database from 'better-sqlite3'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../../../test/helpers/temp-dir.js'
import { open, seal } from '../crypto/aead.js'
import { parseSecretKey } from '../crypto/secret-key.js'
import { verifyPacket } from '../packets/verify-packet.js'
import { sampleRequest } from '../requests/sample-request.js'
import { Vault } from '../vault/vault.js'
import { answerRequest, listReceipts, loadPolicy, previewRequest, updatePolicy, verifyReceipt, verifyWithdrawalNotice, whoHas, withdraw } from './index.js'
import { applyPreset } from '../requests/policy.js'

const PASSPHRASE = 'correct horse battery staple'
const requestText = (overrides = {}) => JSON.stringify(sampleRequest(overrides))

async function vaultWithFields(clock: () => Date) {
  const dir = join(tempDir('mevault-ledger'), 'vault')
  const { vault, recoveryKit } = await Vault.create({ dir, passphrase: PASSPHRASE, deviceName: 'laptop', clock })
  await vault.set('identity.full_name', 'Ada Lovelace', { tier: 'restricted' })
  await vault.set('identity.date_of_birth', '1815-12-10', { tier: 'private' })
  await vault.set('contact.email', 'ada@example.org', { tier: 'public' })
  return { dir, vault, secretKey: parseSecretKey(recoveryKit.secretKey) }
}

describe('the ledger core', () => {
  it('records a signed receipt per answer, finds holders, refuses a repeat, and survives a reopen', async () => {
    let now = new Date('2026-01-15T10:00:00Z')
    const { dir, vault, secretKey } = await vaultWithFields(() => now)
    const answer = await answerRequest(vault, { requestBytes: requestText(), approve: ['contact.email', 'identity.full_name'] })
    expect((await verifyPacket(answer.jws, { now, request: requestText() })).valid).toBe(true)
    expect(answer.receipt).toMatchObject({
      outcome: 'partly-shared',
      disclosed: ['identity.full_name', 'contact.email'],
      refused: ['identity.date_of_birth'],
      requester: { name: 'Example Bank' },
      device: { name: 'laptop' }
    })
    expect(JSON.stringify(answer.receipt)).not.toContain('Ada Lovelace')
    expect((await verifyReceipt(answer.receipt.jws, vault.did)).id).toBe(answer.receipt.id)

    await expect(answerRequest(vault, { requestBytes: requestText(), approve: 'deny' })).rejects.toMatchObject({ code: 'EXISTS' })
    now = new Date('2026-02-03T09:00:00Z')
    const again = await answerRequest(vault, { requestBytes: requestText(), approve: 'deny', again: true })
    expect(again.receipt).toMatchObject({ outcome: 'refused', disclosed: [], repeatOf: answer.receipt.id })
    expect((await previewRequest(vault, requestText())).answeredBefore?.id).toBe(again.receipt.id)

    const holders = await whoHas(vault, 'contact.email')
    expect(holders.map((h) => [h.requester.name, h.at])).toEqual([['Example Bank', '2026-01-15T10:00:00.000Z']])
    expect(await whoHas(vault, 'identity.date_of_birth')).toEqual([])

    const withdrawal = await withdraw(vault, answer.receipt.id)
    const notice = await verifyWithdrawalNotice(withdrawal.notice)
    expect(notice).toMatchObject({ aud: sampleRequest().requester.id, receipt: answer.receipt.id, paths: ['identity.full_name', 'contact.email'] })
    await expect(withdraw(vault, again.receipt.id)).rejects.toMatchObject({ code: 'BAD_INPUT' })
    await vault.close()

    const reopened = await Vault.unlock({ dir, passphrase: PASSPHRASE, secretKey })
    const receipts = await listReceipts(reopened)
    expect(receipts.map((r) => r.outcome)).toEqual(['refused', 'partly-shared'])
    expect(receipts[1]?.withdrawal?.at).toBe('2026-02-03T09:00:00.000Z')
    expect((await whoHas(reopened, 'contact.email'))[0]?.withdrawnAt).toBe('2026-02-03T09:00:00.000Z')
    await reopened.close()
  })

  it('answers by the stored policy', async () => {
    const now = new Date('2026-01-15T10:00:00Z')
    const { vault } = await vaultWithFields(() => now)
    expect((await loadPolicy(vault)).tiers.public).toBe('ask')
    await updatePolicy(vault, (policy) => applyPreset(policy, 'share-public'))
    const answer = await answerRequest(vault, { requestBytes: requestText(), approve: 'policy' })
    expect(answer.receipt.disclosed).toEqual(['contact.email'])
    await vault.close()
  })

  it('reads a ledger whose views an earlier MeVault wrote in another shape, and writes them again', async () => {
    const { dir, vault, secretKey } = await vaultWithFields(() => new Date('2026-01-15T10:00:00Z'))
    const answer = await answerRequest(vault, { requestBytes: requestText(), approve: ['contact.email'] })
    const vaultKey = vault.secretsForJoiningDevice().vaultKey
    await vault.close()
    // The month's view as the first version of the views kept it: each receipt's payload and JWS.
    const shardRow = rewriteShardView(dir, vaultKey, (view) => ({
      kind: view.kind,
      name: view.name,
      heads: view.heads,
      pending: view.pending,
      chunks: view.chunks,
      content: [{ payload: { ...answer.receipt, iss: vault.did, iat: 0 }, jws: answer.receipt.jws }]
    }))
    const reopened = await Vault.unlock({ dir, passphrase: PASSPHRASE, secretKey })
    expect((await whoHas(reopened, 'contact.email')).map((h) => h.receiptId)).toEqual([answer.receipt.id])
    expect((await listReceipts(reopened)).map((r) => r.jws)).toEqual([answer.receipt.jws])
    await reopened.close()
    expect(readView(dir, vaultKey, shardRow).shape).toBe(2) // written again in the current shape
  })
})

type StoredView = { kind: string; name: string; heads: string[]; pending: boolean; chunks: string; content: unknown; shape?: number }

function readView(dir: string, key: Uint8Array, doc: string): StoredView {
  const db = new Database(join(dir, 'vault.db'))
  try {
    const { data } = db.prepare('SELECT data FROM views WHERE doc = ?').get(doc) as { data: Buffer }
    return JSON.parse(new TextDecoder().decode(open(key, new Uint8Array(data), `mevault.view/1:${doc}`, 'view'))) as StoredView
  } finally {
    db.close()
  }
}

/** Rewrites the view of the ledger's month shard (sealed as the vault seals it); returns its document id. */
function rewriteShardView(dir: string, key: Uint8Array, change: (view: StoredView) => StoredView): string {
  const db = new Database(join(dir, 'vault.db'))
  try {
    for (const { doc } of db.prepare('SELECT doc FROM views').all() as Array<{ doc: string }>) {
      const { data } = db.prepare('SELECT data FROM views WHERE doc = ?').get(doc) as { data: Buffer }
      const view = JSON.parse(new TextDecoder().decode(open(key, new Uint8Array(data), `mevault.view/1:${doc}`, 'view'))) as StoredView
      if (!view.name.startsWith('ledger/receipts/')) continue
      const sealed = seal(key, new TextEncoder().encode(JSON.stringify(change(view))), `mevault.view/1:${doc}`)
      db.prepare('UPDATE views SET data = ? WHERE doc = ?').run(sealed, doc)
      return doc
    }
    throw new Error('No month shard view')
  } finally {
    db.close()
  }
}

