import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../../../test/helpers/temp-dir.js'
import { isMeVaultError } from '../../shared/errors.js'
import { Vault } from '../vault/vault.js'
import { createTempVaultApi } from '../../../test/helpers/temp-vault-api.js'
import { serviceForOpenVault } from './open-vault-service.js'

const NEWSLETTER = readFileSync(new URL('../../../resources/requests/newsletter-signup.json', import.meta.url), 'utf8')

describe('the API methods the CLI needed', () => {
  it('exports everything, says who received a field, and names the receipt of an answer', async () => {
    const api = createTempVaultApi()
    await api['vault.create']({ passphrase: 'correct horse battery' })
    await api['fields.set']({ path: 'contact.email', value: 'zoe@example.org', tier: 'public', type: 'email' })
    const exported = await api['vault.export']()
    expect(exported).toMatchObject({ format: 'mevault.export/1', fields: [{ path: 'contact.email', value: 'zoe@example.org' }] })
    // 'policy' shares what the standing policy shares: with "share public", the public email.
    await api['policy.applyPreset']({ preset: 'share-public' })
    const answer = await api['requests.answer']({ text: NEWSLETTER, approve: 'policy', seal: false })
    expect(answer).toMatchObject({ sealed: false, shared: ['contact.email'], receipt: { requester: { name: 'The Weekly Garden' }, jws: expect.any(String) } })
    expect(await api['ledger.whoHas']({ path: 'contact.email' })).toEqual([
      expect.objectContaining({ receiptId: answer.receipt.id, requester: expect.objectContaining({ name: 'The Weekly Garden' }) })
    ])
    expect((await api['ledger.receipts']()).map((r) => r.id)).toEqual([answer.receipt.id])
    const withdrawn = await api['ledger.withdraw']({ receiptId: answer.receipt.id })
    expect(withdrawn).toMatchObject({ alreadyWithdrawn: false, requester: { name: 'The Weekly Garden' }, withdrawnAt: expect.stringMatching(/^\d{4}-/) })
    await api['vault.lock']()
  })
})

describe('the API over a vault its holder keeps open (sync serve)', () => {
  it('answers like the service, and leaves locking to the holder, whom it names', async () => {
    const dir = join(tempDir('mevault-open'), 'vault')
    const { vault } = await Vault.create({ dir, passphrase: 'correct horse battery' })
    try {
      const api = serviceForOpenVault(vault, '`mevault sync serve`')
      await api['fields.set']({ path: 'contact.city', value: 'Oslo' })
      expect((await api['vault.state']()).status).toMatchObject({ fields: 1 })
      const refused = await api['vault.lock']().catch((error: unknown) => error)
      expect(isMeVaultError(refused, 'BUSY') && refused.message).toBe('`mevault sync serve` holds this vault open; stop it to lock it')
      expect((await vault.get('contact.city')).value).toBe('Oslo')
      await api.close()
    } finally {
      await vault.close()
    }
  })
})
