import { describe, expect, it } from 'vitest'
import { formatSecretKey, newSecretKey } from '../../src/core/crypto/secret-key.js'
import { loadSodium } from '../../src/core/crypto/sodium.js'
import { recoveryKitPdf } from '../../src/core/recovery-kit/kit-pdf.js'
import { readKitPdf } from './read-kit-pdf.js'

describe('the recovery kit PDF', () => {
  it('is one page with the secret key as text and as a QR code, the vault id, identity, date and what to do', async () => {
    await loadSodium()
    const kit = {
      vaultId: '3f2a9c1e-0b7d-4e55-9a41-6c2d8e1f0a93',
      did: 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK',
      secretKey: formatSecretKey(newSecretKey()),
      createdAt: '2026-12-02T03:30:00.000Z'
    }
    const read = await readKitPdf(await recoveryKitPdf(kit))

    expect(read.pages).toBe(1)
    expect(read.text).toContain(kit.secretKey)
    expect(read.qrTexts).toEqual([kit.secretKey])
    for (const shown of [kit.vaultId, kit.did, kit.createdAt, 'What to do with it', 'What not to do', 'Passphrase']) {
      expect(read.text).toContain(shown)
    }
    expect(read.text).toMatch(/Do not email it/)
  })
})
