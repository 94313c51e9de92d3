import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createVaultService } from '../../src/core/service/index.js'
import { resolveVaultLocation } from '../../src/core/vault/locations.js'
import { tempDir } from '../helpers/temp-dir.js'

const PASSPHRASE = 'correct horse battery staple'

function serviceAt(root: string) {
  const location = resolveVaultLocation({ vaultDir: join(root, 'vault'), configDir: join(root, 'config') }, {})
  return { location, api: createVaultService(location) }
}

describe('vault.restore (the create screen’s "Restore from a backup")', () => {
  it('restores a picked file or a path into an empty location, unlocked; refuses wrong credentials writing nothing', async () => {
    const first = serviceAt(tempDir('mevault-api'))
    const kit = await first.api['vault.create']({ passphrase: PASSPHRASE })
    await first.api['fields.set']({ path: 'contact.email', value: 'ada@example.org', tier: 'restricted' })
    const file = join(tempDir('mevault-api'), 'vault.mvbackup')
    await first.api['backup.create']({ path: file })
    await first.api['vault.lock']()

    const wrong = serviceAt(tempDir('mevault-api'))
    await expect(
      wrong.api['vault.restore']({ backup: { path: file }, passphrase: 'not the passphrase', secretKey: kit.secretKey })
    ).rejects.toMatchObject({ code: 'WRONG_CREDENTIALS' })
    expect(existsSync(wrong.location.vaultDir)).toBe(false)
    expect((await wrong.api['vault.state']()).exists).toBe(false)

    const picked = serviceAt(tempDir('mevault-api'))
    const data = readFileSync(file).toString('base64')
    const status = await picked.api['vault.restore']({ backup: { name: 'vault.mvbackup', data }, passphrase: PASSPHRASE, secretKey: kit.secretKey })
    expect(status).toMatchObject({ vaultId: kit.vaultId, fields: 1, tiers: { restricted: 1 } })
    expect((await picked.api['fields.get']({ path: 'contact.email' })).value).toBe('ada@example.org')
    await expect(picked.api['vault.restore']({ backup: { path: file }, passphrase: PASSPHRASE, secretKey: kit.secretKey })).rejects.toMatchObject({ code: 'EXISTS' })
    await picked.api['vault.lock']()
    // The key was kept on this device: the restored vault unlocks with the passphrase alone.
    expect(await picked.api['vault.unlock']({ passphrase: PASSPHRASE })).toMatchObject({ fields: 1 })
    await picked.api['vault.lock']()
  }, 300_000)
})
